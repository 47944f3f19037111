package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code SecretResolver.search}: text, paging, scopes and allow-lists (issue 21). */
final class SecretSearchTest {
    private final List<SecretResolver> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    private SecretResolver resolver(ManagerDefinition def, SecretProvider provider) {
        SecretResolver r = SecretResolver.builder().provider(def, provider).build();
        opened.add(r);
        return r;
    }

    private static InMemorySecretProvider store(int n) {
        Map<String, String> secrets = new TreeMap<>();
        IntStream.range(0, n).forEach(i -> secrets.put(String.format("app/Slack-%03d", i), "value-" + i));
        secrets.put("app/db", "pw");
        secrets.put("other/slack-x", "hidden");
        return new InMemorySecretProvider(secrets);
    }

    @Test
    void pagesCoverEveryMatchOnceInAStableOrder() {
        SecretResolver r = resolver(ManagerDefinition.of("m", "memory", Map.of()), store(7));
        List<String> seen = new ArrayList<>();
        SecretPage page;
        int offset = 0;
        int pages = 0;
        do {
            page = r.search("m", SecretQuery.of("SLACK").offset(offset).limit(3), ResolutionContext.none());
            page.items().forEach(i -> seen.add(i.path()));
            assertThat(page.total()).hasValue(8);
            offset += 3;
            pages++;
        } while (page.hasMore());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(8).doesNotHaveDuplicates().isSorted().contains("other/slack-x").doesNotContain("app/db");
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeThePageIsCut() {
        SecretResolver r = resolver(ManagerDefinition.of("m", "memory", Map.of()).allowPaths("app/**"), store(4));
        SecretPage first = r.search("m", SecretQuery.of("slack").limit(2), ResolutionContext.none());
        SecretPage second = r.search("m", SecretQuery.of("slack").offset(2).limit(2), ResolutionContext.none());
        assertThat(first.items()).extracting(SecretInfo::path).containsExactly("app/Slack-000", "app/Slack-001");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("app/Slack-002", "app/Slack-003");
        assertThat(second.hasMore()).as("other/slack-x is outside the allow-list").isFalse();
        assertThat(second.total()).hasValue(4);
    }

    @Test
    void aCallerOutsideTheScopeIsDeniedBeforeTheStoreIsAsked() {
        AtomicInteger searches = new AtomicInteger();
        InMemorySecretProvider inner = new InMemorySecretProvider(Map.of("a", "1"));
        SecretProvider counting = new Listing(inner) {
            @Override
            public SecretPage search(SecretQuery query) {
                searches.incrementAndGet();
                return inner.search(query);
            }
        };
        SecretResolver r = resolver(ManagerDefinition.of("team", "memory", Map.of()).scope(Scope.projects("p1")), counting);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("team", SecretQuery.all(), ResolutionContext.project("p2")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(searches).hasValue(0);
        assertThat(r.search("team", SecretQuery.all(), ResolutionContext.project("p1")).items()).extracting(SecretInfo::path)
                .containsExactly("a");
        assertThat(searches).hasValue(1);
    }

    @Test
    void aProviderThatIgnoresTheQueryShowsNothingOutsideIt() {
        SecretProvider sloppy = new Listing(new InMemorySecretProvider(Map.of("app/a", "1", "secret/b", "2"))) {
            @Override
            public SecretPage search(SecretQuery query) {
                return SecretPage.of(List.of(SecretInfo.of("app/a"), SecretInfo.of("secret/b")), false,
                        java.util.OptionalLong.of(2));
            }
        };
        SecretResolver r = resolver(ManagerDefinition.of("m", "memory", Map.of()).allowPaths("app/*"), sloppy);
        SecretPage page = r.search("m", SecretQuery.all(), ResolutionContext.none());
        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("app/a");
        assertThat(page.total()).as("the store's count included a hidden name").isEmpty();
    }

    @Test
    void aStoreThatCannotListSaysSo() {
        SecretProvider readOnly = new SecretProvider() {
            @Override
            public String fetch(String path) { return "v"; }

            @Override
            public void checkConnection() { }
        };
        SecretResolver r = resolver(ManagerDefinition.of("m", "memory", Map.of()), readOnly);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("m", SecretQuery.all(), ResolutionContext.none()));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
    }

    @Test
    void offsetAndLimitOutOfRangeAreRejected() {
        for (Runnable bad : List.<Runnable>of(() -> SecretQuery.all().offset(-1), () -> SecretQuery.all().limit(0),
                () -> SecretQuery.all().limit(SecretQuery.MAX_LIMIT + 1))) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, bad::run);
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        }
        assertThat(SecretQuery.all().limit()).isEqualTo(SecretQuery.DEFAULT_LIMIT);
        assertThat(SecretQuery.all().limit(SecretQuery.MAX_LIMIT).limit()).isEqualTo(1_000);
    }

    @Test
    void aLazyWalkStopsOneMatchAfterThePage() {
        AtomicInteger read = new AtomicInteger();
        Iterator<SecretInfo> names = IntStream.range(0, 1_000).mapToObj(i -> SecretInfo.of("s" + i))
                .peek(i -> read.incrementAndGet()).iterator();
        SecretPage page = SecretPage.walk(names, SecretQuery.all().offset(10).limit(5));
        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("s10", "s11", "s12", "s13", "s14");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.total()).isEmpty();
        assertThat(read).hasValue(16);

        SecretPage last = SecretPage.walk(List.of(SecretInfo.of("a"), SecretInfo.of("b")).iterator(), SecretQuery.all().offset(1));
        assertThat(last.items()).extracting(SecretInfo::path).containsExactly("b");
        assertThat(last.hasMore()).isFalse();
        assertThat(last.total()).hasValue(2);
    }

    /** A store that reads through to an in-memory one; tests override {@code search}. */
    private abstract static class Listing implements SecretProvider {
        private final SecretProvider inner;

        Listing(SecretProvider inner) {
            this.inner = inner;
        }

        @Override
        public String fetch(String path) { return inner.fetch(path); }

        @Override
        public void checkConnection() { }
    }
}
