package dev.secretref.store;

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
import dev.secretref.testkit.SearchPages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code local} provider's search: SQL filters and paging, times, scopes and allow-lists, on H2 and PostgreSQL (issue 21). */
final class LocalSearchTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final TestClock clock = new TestClock();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private LocalVault vault(TestDatabase.Kind kind) {
        TestDatabase db = TestDatabase.open(kind);
        open.add(db);
        Db d = new Db(db.dataSource, db.prefix);
        Schema.apply(d, clock);
        LocalVault vault = new LocalVault(d, CredentialStoreContract.KEYS, clock);
        for (int i = 0; i < 7; i++) {
            vault.write(String.format("slack-%02d", i), Map.of("token", "value-" + i));
            clock.advance(Duration.ofSeconds(1));
        }
        vault.write("github", Map.of("Token_A", "gh-1", "tokenBa", "gh-2"));
        return vault;
    }

    private SecretResolver resolver(LocalVault vault, ManagerDefinition def) {
        SecretResolver r = SecretResolver.builder().provider(def, vault).build();
        open.add(r);
        return r;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void threePagesCoverEveryMatchOnceWithTheirUpdateTimes(TestDatabase.Kind kind) {
        SecretResolver r = resolver(vault(kind), ManagerDefinition.of("local", "local", Map.of()));
        SearchPages walk = SearchPages.walk(r, "local", SecretQuery.of("SLACK").limit(3), ResolutionContext.none());
        List<SecretInfo> seen = walk.items();
        assertThat(walk.pages()).hasSize(3).allSatisfy(p -> assertThat(p.total()).hasValue(7));
        assertThat(seen).extracting(SecretInfo::path).containsExactly("slack-00:token", "slack-01:token", "slack-02:token",
                "slack-03:token", "slack-04:token", "slack-05:token", "slack-06:token");
        assertThat(seen.get(0).updatedAt()).hasValue(Instant.ofEpochMilli(1_800_000_000_000L));
        assertThat(seen.get(6).updatedAt()).hasValue(Instant.ofEpochMilli(1_800_000_006_000L));
        assertThat(seen.get(0).createdAt()).isEmpty();
        assertThat(seen.toString()).doesNotContain("value-");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anUnderscoreInTheQueryMatchesOnlyItself(TestDatabase.Kind kind) {
        LocalVault vault = vault(kind);
        assertThat(vault.search(SecretQuery.of("n_a")).items()).extracting(SecretInfo::path).containsExactly("github:Token_A");
        assertThat(vault.search(SecretQuery.of("token").under("github:")).total()).hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theAllowListIsAppliedBeforeTheOffset(TestDatabase.Kind kind) {
        SecretResolver r = resolver(vault(kind), ManagerDefinition.of("local", "local", Map.of()).allowPaths("slack-01:*", "slack-03:*", "slack-05:*"));
        SecretPage first = r.search("local", SecretQuery.all().limit(2), ResolutionContext.none());
        SecretPage second = r.search("local", SecretQuery.all().offset(2).limit(2), ResolutionContext.none());
        assertThat(first.items()).extracting(SecretInfo::path).containsExactly("slack-01:token", "slack-03:token");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("slack-05:token");
        assertThat(second.hasMore()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aCallerOutsideTheScopeIsDenied(TestDatabase.Kind kind) {
        SecretResolver r = resolver(vault(kind), ManagerDefinition.of("local", "local", Map.of()).scope(Scope.projects("p1")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("local", SecretQuery.all(), ResolutionContext.project("p2")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(r.search("local", SecretQuery.all(), ResolutionContext.project("p1")).total()).hasValue(9);
    }
}
