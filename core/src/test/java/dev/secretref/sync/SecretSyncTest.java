package dev.secretref.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class SecretSyncTest {
    private static final String SPACE = "secret/data/spaces/a/";

    private final ManualScheduler scheduler = new ManualScheduler();
    private CountingStore store;
    private SecretResolver resolver;

    @BeforeEach
    void setUp() {
        store = new CountingStore()
                .put(SPACE + "api_token", "t-1")
                .put(SPACE + "db_password", "p-1")
                .put("secret/data/spaces/b/other_space", "never-read");
        resolver = SecretResolver.builder().provider("vault", store).build();
    }

    @AfterEach
    void tearDown() {
        resolver.close();
    }

    private SecretSync.Builder sync() {
        return SecretSync.builder(resolver).source("vault", SPACE).scheduler(scheduler).clock(scheduler.clock);
    }

    @Test
    void snapshotHoldsOnlyTheSourcesSecretsUnderTheirLastSegment() {
        try (SecretSync sync = sync().build()) {
            SyncResult r = sync.syncNow();

            assertThat(sync.secrets()).containsExactly(Map.entry("api_token", "t-1"), Map.entry("db_password", "p-1"));
            assertThat(r.added()).containsExactlyInAnyOrder("api_token", "db_password");
            assertThat(r.changed()).isEmpty();
            assertThat(r.removed()).isEmpty();
            assertThat(r.failed()).isEmpty();
        }
    }

    @Test
    void buildDoesNotSyncAndAutoSyncIsOffByDefault() {
        try (SecretSync sync = sync().build()) {
            assertThat(store.calls()).isZero();
            assertThat(sync.secrets()).isEmpty();
            assertThat(sync.autoSync()).isEqualTo(SyncInterval.OFF);
            SyncStatus st = sync.status();
            assertThat(st.lastSync()).isEmpty();
            assertThat(st.lastError()).isEmpty();
            assertThat(st.nextSync()).isEmpty();
            assertThat(st.count()).isZero();
            assertThat(scheduler.pendingDelays()).isEmpty();
        }
    }

    @Test
    void snapshotIsImmutable() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            Map<String, String> secrets = sync.secrets();
            catchThrowableOfType(() -> secrets.put("x", "y"), UnsupportedOperationException.class);
            assertThat(sync.secrets()).doesNotContainKey("x");
        }
    }

    @Test
    void thousandSecretsSyncInOneListingAndOneBatchFetch() {
        for (int i = 0; i < 1000; i++) store.put(SPACE + "s" + i, "v" + i);
        try (SecretSync sync = sync().build()) {
            sync.syncNow();

            assertThat(sync.secrets()).hasSize(1002);
            assertThat(store.listCalls).hasValue(1);
            assertThat(store.fetchAllCalls).hasValue(1);
            assertThat(store.fetchCalls).hasValue(0);
        }
    }

    @Test
    void unchangedSecretsAreServedFromTheResolverCacheUntilInvalidated() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            store.put(SPACE + "api_token", "t-2");

            SyncResult cached = sync.syncNow();
            assertThat(cached.hasChanges()).isFalse();
            assertThat(store.fetchAllCalls).hasValue(1);

            resolver.invalidate("vault");
            SyncResult fresh = sync.syncNow();
            assertThat(fresh.changed()).containsExactly("api_token");
            assertThat(store.fetchAllCalls).hasValue(2);
            assertThat(sync.secrets()).containsEntry("api_token", "t-2");
        }
    }

    @Test
    void listenerHearsAddedChangedAndRemovedNamesOnlyWhenSomethingChanged() {
        List<SyncResult> heard = new ArrayList<>();
        try (SecretSync sync = sync().listener(heard::add).build()) {
            sync.syncNow();
            sync.syncNow();                                  // nothing changed: no call
            store.put(SPACE + "api_token", "t-2");
            store.secrets.remove(SPACE + "db_password");
            store.put(SPACE + "new_key", "n-1");
            resolver.invalidate("vault");
            sync.syncNow();

            assertThat(heard).hasSize(2);
            SyncResult second = heard.get(1);
            assertThat(second.added()).containsExactly("new_key");
            assertThat(second.changed()).containsExactly("api_token");
            assertThat(second.removed()).containsExactly("db_password");
            assertThat(second.toString()).doesNotContain("t-2", "n-1", "p-1");
            assertThat(sync.secrets()).containsOnlyKeys("api_token", "new_key");
        }
    }

    @Test
    void aThrowingListenerCannotBreakTheSync() {
        try (SecretSync sync = sync().listener(r -> { throw new IllegalStateException("listener bug"); }).build()) {
            SyncResult r = sync.syncNow();

            assertThat(r.added()).hasSize(2);
            assertThat(sync.secrets()).hasSize(2);
            assertThat(sync.status().lastError()).isEmpty();
        }
    }

    @Test
    void failedListingKeepsTheLastGoodSnapshotAndRecordsWhy() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            var lastSync = sync.status().lastSync();
            store.listFailure = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("store down for this test").build();
            scheduler.advance(Duration.ofMinutes(1));

            SyncResult r = sync.syncNow();

            assertThat(r.hasChanges()).isFalse();
            assertThat(sync.secrets()).containsOnlyKeys("api_token", "db_password");
            assertThat(sync.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("UNREACHABLE", "vault"));
            assertThat(sync.status().lastSync()).isEqualTo(lastSync);

            store.listFailure = null;
            sync.syncNow();
            assertThat(sync.status().lastError()).isEmpty();
        }
    }

    @Test
    void aSecretThatFailsToFetchKeepsItsLastValueAndIsReported() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            store.failing.add(SPACE + "api_token");
            store.put(SPACE + "db_password", "p-2");
            resolver.invalidate("vault");

            SyncResult r = sync.syncNow();

            assertThat(r.failed()).containsExactly("api_token");
            assertThat(r.changed()).containsExactly("db_password");
            assertThat(sync.secrets()).containsEntry("api_token", "t-1").containsEntry("db_password", "p-2");
            assertThat(sync.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("api_token", "ACCESS_DENIED").doesNotContain("t-1"));
        }
    }

    @Test
    void twoSourcesGivingTheSameNameFailTheSyncNamingBothPaths() {
        store.put("secret/data/shared/api_token", "t-shared");
        try (SecretSync sync = sync().source("vault", "secret/data/shared/").build()) {
            sync.syncNow();

            assertThat(sync.secrets()).isEmpty();
            assertThat(sync.status().lastError()).hasValueSatisfying(e -> assertThat(e)
                    .contains(SPACE + "api_token", "secret/data/shared/api_token"));
        }
    }

    @Test
    void searchShowsNamesWithAFixedMaskAndWhenTheValueLastChanged() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            var firstSeen = scheduler.clock.instant();
            scheduler.advance(Duration.ofMinutes(5));
            store.put(SPACE + "api_token", "a-much-longer-token-value");
            resolver.invalidate("vault");
            sync.syncNow();

            List<MaskedSecret> shown = sync.search("TOKEN");

            assertThat(shown).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("api_token");
                assertThat(m.masked()).isEqualTo("••••••");
                assertThat(m.updatedAt()).isEqualTo(firstSeen.plus(Duration.ofMinutes(5)));
            });
            assertThat(sync.search("db").get(0).updatedAt()).isEqualTo(firstSeen);
            assertThat(sync.search("")).extracting(MaskedSecret::name).containsExactly("api_token", "db_password");
        }
    }

    @Test
    void autoSyncRunsEveryIntervalWithBoundedJitterAndCanBeChangedOrStopped() {
        try (SecretSync sync = sync().autoSync(SyncInterval.EVERY_MINUTE).build()) {
            assertThat(scheduler.pendingDelays()).singleElement()
                    .satisfies(d -> assertThat(d).isBetween(Duration.ofMinutes(1), Duration.ofSeconds(63)));
            assertThat(sync.status().nextSync()).isPresent();

            scheduler.advance(Duration.ofSeconds(64));
            assertThat(sync.status().count()).isEqualTo(2);
            assertThat(store.listCalls).hasValue(1);
            assertThat(scheduler.pendingDelays()).hasSize(1);

            scheduler.advance(Duration.ofSeconds(64));
            assertThat(store.listCalls).hasValue(2);

            sync.autoSync(SyncInterval.EVERY_12_HOURS);
            assertThat(scheduler.pendingDelays()).singleElement()
                    .satisfies(d -> assertThat(d).isBetween(Duration.ofHours(12), Duration.ofHours(12).plusMinutes(5)));
            scheduler.advance(Duration.ofHours(1));
            assertThat(store.listCalls).hasValue(2);

            sync.autoSync(SyncInterval.OFF);
            assertThat(scheduler.pendingDelays()).isEmpty();
            assertThat(sync.status().nextSync()).isEmpty();
            scheduler.advance(Duration.ofDays(2));
            assertThat(store.listCalls).hasValue(2);
        }
    }

    @Test
    void aFailingScheduledSyncIsRetriedAtTheNextTick() {
        try (SecretSync sync = sync().autoSync(SyncInterval.EVERY_MINUTE).build()) {
            store.listFailure = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.TIMEOUT)
                    .message("slow store for this test").build();
            scheduler.advance(Duration.ofSeconds(64));
            assertThat(sync.status().lastError()).isPresent();

            store.listFailure = null;
            scheduler.advance(Duration.ofSeconds(64));
            assertThat(sync.status().lastError()).isEmpty();
            assertThat(sync.secrets()).hasSize(2);
        }
    }

    @Test
    void closeStopsAutoSync() {
        SecretSync sync = sync().autoSync(SyncInterval.EVERY_MINUTE).build();
        sync.close();
        sync.close();

        scheduler.advance(Duration.ofMinutes(10));
        assertThat(store.calls()).isZero();
        assertThat(catchThrowableOfType(sync::syncNow, SecretManagerException.class).reason()).isEqualTo(Reason.CLOSED);
    }

    @Test
    void savedSyncsOnlyWhenSyncOnSaveIsOn() {
        try (SecretSync off = sync().build(); SecretSync on = sync().syncOnSave(true).build()) {
            assertThat(off.saved()).isEmpty();
            assertThat(store.calls()).isZero();

            assertThat(on.saved()).hasValueSatisfying(r -> assertThat(r.added()).hasSize(2));
            assertThat(on.secrets()).hasSize(2);
        }
    }

    @Test
    void aSourceOnAManagerOutsideTheCallersScopeIsRefusedAtBuild() {
        try (SecretResolver scoped = SecretResolver.builder().provider("team", store, Scope.projects("p1")).build()) {
            SecretManagerException e = catchThrowableOfType(
                    () -> SecretSync.builder(scoped).source("team", SPACE).build(), SecretManagerException.class);
            assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);

            try (SecretSync ok = SecretSync.builder(scoped).source("team", SPACE).context(ResolutionContext.project("p1")).build()) {
                ok.syncNow();
                assertThat(ok.secrets()).hasSize(2);
            }
        }
    }

    @Test
    void aSourceOutsideTheManagersAllowListIsRefusedAtBuild() {
        try (SecretResolver allowed = SecretResolver.builder()
                .manager(ManagerDefinition.of("vault", "memory", Map.of("values", Map.of(SPACE + "k", "v", "secret/data/spaces/b/k", "w")))
                        .allowPaths(SPACE + "**"))
                .build()) {
            SecretManagerException e = catchThrowableOfType(
                    () -> SecretSync.builder(allowed).source("vault", "secret/data/spaces/b/").build(), SecretManagerException.class);
            assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
            assertThat(e.getMessage()).contains("vault");

            assertThat(catchThrowableOfType(() -> SecretSync.builder(allowed).source("vault", "").build(),
                    SecretManagerException.class).reason()).isEqualTo(Reason.SCOPE_DENIED);

            try (SecretSync inside = SecretSync.builder(allowed).source("vault", SPACE).build()) {
                inside.syncNow();
                assertThat(inside.secrets()).containsOnlyKeys("k");
            }
        }
    }

    @Test
    void anUnknownManagerOrNoSourceIsRefusedAtBuild() {
        assertThat(catchThrowableOfType(() -> SecretSync.builder(resolver).source("nope", "x/").build(),
                SecretManagerException.class).reason()).isEqualTo(Reason.UNKNOWN_MANAGER);
        assertThat(catchThrowableOfType(() -> SecretSync.builder(resolver).build(),
                SecretManagerException.class).reason()).isEqualTo(Reason.INVALID_CONFIG);
    }

    @Test
    void toStringAndStatusNeverShowValues() {
        try (SecretSync sync = sync().build()) {
            sync.syncNow();
            assertThat(sync.toString() + sync.status() + sync.search("")).doesNotContain("t-1", "p-1");
            assertThat(Set.copyOf(sync.secrets().values())).containsExactlyInAnyOrder("t-1", "p-1");
        }
    }
}
