package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} over Conjur's {@code GET /resources/{account}/variable?limit=&offset=&search=}
 * (https://github.com/cyberark/conjur/blob/master/apidocs/src/list_resources.md, and ResourcesController#index /
 * Resource.search in cyberark/conjur: ordered by resource id when limit or offset is given; {@code search} is a
 * whole-word full-text search). Remote calls per page are counted from the fake's journal.
 */
final class ConjurSearchTest {
    private static final ResolutionContext P1 = ResolutionContext.project("p1");

    private final FakeConjur fake = Fixtures.fake();
    private SecretResolver resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())));

    private static SecretResolver resolver(ManagerDefinition definition) {
        return SecretResolver.builder().manager(definition).build();
    }

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    private List<Request> listings() {
        return fake.requests("GET", "/resources/");
    }

    /** Every page of {@code query}, asserting each reports more exactly when another follows. */
    private List<SecretPage> allPages(SecretQuery query) {
        List<SecretPage> pages = new ArrayList<>();
        for (int offset = 0; ; offset += query.limit()) {
            SecretPage page = resolver.search("conjur", query.offset(offset), ResolutionContext.none());
            pages.add(page);
            if (!page.hasMore()) return pages;
            assertThat(pages).as("pages").hasSizeLessThan(100);
        }
    }

    @Test
    void pagingWithoutAFilterUsesConjursOffsetOneCallPerPage() {
        for (int i = 0; i < 25; i++) fake.put(String.format("apps/svc-%02d/token", i), "secret-" + i);

        List<String> seen = new ArrayList<>();
        int before = 0;
        List<SecretPage> pages = new ArrayList<>();
        for (int offset = 0; ; offset += 10) {
            SecretPage page = resolver.search("conjur", SecretQuery.all().offset(offset).limit(10), ResolutionContext.none());
            pages.add(page);
            page.items().forEach(i -> seen.add(i.path()));
            assertThat(listings().size() - before).as("remote calls for the page at offset " + offset).isEqualTo(1);
            before = listings().size();
            if (!page.hasMore()) break;
        }

        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(0)).isEqualTo("apps/svc-00/token");
        assertThat(listings()).extracting(Request::query)
                .containsExactly("limit=11&offset=0", "limit=11&offset=10", "limit=11&offset=20");
        assertThat(pages.get(0).total()).isEmpty();
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(25));
        assertThat(fake.count("GET", "/secrets")).as("no value read").isZero();
    }

    @Test
    void aQueryIsMatchedCaseInsensitivelyAsASubstringAndPagedWithoutOverlap() {
        for (int i = 0; i < 150; i++) {
            fake.put(String.format("apps/k%03d-%s", i, i % 3 == 0 ? "SlackBot" : "other"), "v");
        }
        // 50 names hold "slack" (any case); Conjur's word search could not find "SlackBot" from "slack"
        List<SecretPage> pages = allPages(SecretQuery.of("slack").limit(20));

        List<String> seen = pages.stream().flatMap(p -> p.items().stream()).map(SecretInfo::path).toList();
        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates().isSorted().allMatch(p -> p.contains("SlackBot"));
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(50));
        // each page walks from the start in pages of 100 with no search words; every third of the 150 names matches
        assertThat(listings()).extracting(Request::query).containsExactly(
                "limit=100&offset=0",                          // page 1: matches 1-21 lie in the first 100
                "limit=100&offset=0", "limit=100&offset=100",  // page 2: match 41 (the peek) is beyond 100
                "limit=100&offset=0", "limit=100&offset=100"); // page 3: reads to the end
    }

    @Test
    void aPrefixSendsItsCompleteSegmentsAsSearchWords() {
        fake.put("prod/db/password", "x").put("prod/db/user", "x").put("prod/dbx/other", "x").put("staging/prod/db/x", "x");

        SecretPage page = resolver.search("conjur", SecretQuery.of("PASS").under("prod/db/"), ResolutionContext.none());

        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("prod/db/password");
        assertThat(page.hasMore()).isFalse();
        assertThat(listings()).extracting(Request::query).containsExactly("limit=100&offset=0&search=prod%2Fdb");
    }

    @Test
    void itemsCarryConjursCreatedAtAndNoUpdateTime() {
        fake.put("a/one", "v1").put("a/two", "v2");

        List<SecretInfo> items = resolver.search("conjur", SecretQuery.all().withTimestamps(), ResolutionContext.none()).items();

        assertThat(items).extracting(SecretInfo::createdAt).containsExactly(
                Optional.of(Instant.parse("2026-11-01T10:00:00Z")), Optional.of(Instant.parse("2026-11-01T10:01:00Z")));
        assertThat(items).extracting(SecretInfo::updatedAt).containsOnly(Optional.empty());
        assertThat(listings()).hasSize(1);
        assertThat(fake.count("GET", "/secrets")).as("timestamps need no value read").isZero();
    }

    @Test
    void aCallerOutsideTheManagersScopeIsDeniedBeforeAnyRequest() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())).scope(Scope.projects("p1")));
        fake.put("a/one", "v1");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("conjur", SecretQuery.all(), ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.requests()).isEmpty();
        assertThat(resolver.search("conjur", SecretQuery.all(), P1).items()).extracting(SecretInfo::path).containsExactly("a/one");
    }

    @Test
    void anAllowListNarrowsTheListingAndDisablesConjursOffset() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())).allowPaths("team/**"));
        for (int i = 0; i < 30; i++) fake.put((i % 2 == 0 ? "team/" : "other/") + String.format("k%02d", i), "v");

        SecretPage second = resolver.search("conjur", SecretQuery.all().offset(5).limit(5), ResolutionContext.none());

        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("team/k10", "team/k12", "team/k14", "team/k16", "team/k18");
        assertThat(second.hasMore()).isTrue();
        assertThat(listings()).extracting(Request::query).containsExactly("limit=100&offset=0");
    }

    @Test
    void listingWithoutPrivilegeIsAccessDeniedNamingTheGrant() {
        fake.resources().failNext(1, Response.empty(403));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("conjur", SecretQuery.all(), ResolutionContext.none()));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'read'");
    }
}
