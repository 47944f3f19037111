package dev.secretref.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The credential store's behaviour, run once per database (H2 and PostgreSQL subclasses). Remote stores are
 * in-memory providers with counting writers; the database is real.
 */
abstract class CredentialStoreContract {
    static final KeyRing KEYS = KeyRing.of("k1", Map.of("k1", bytes(1)));
    static final Map<String, String> FIELDS = fields("at-123-secret", "rt-456-secret");

    final TestClock clock = new TestClock();
    final List<AutoCloseable> closeLater = new ArrayList<>();
    TestDatabase db;
    RecordingProvider vault;
    RecordingProvider aws;
    RecordingProvider archive;

    abstract TestDatabase.Kind kind();

    static byte[] bytes(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    static Map<String, String> fields(String access, String refresh) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("access_token", access);
        m.put("refresh_token", refresh);
        return m;
    }

    @BeforeEach
    void setUp() {
        db = TestDatabase.open(kind());
        vault = new RecordingProvider();
        aws = new RecordingProvider();
        archive = new RecordingProvider();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        if (db != null) db.close();
    }

    SecretResolver resolver() {
        return resolver(CachePolicy.defaults());
    }

    /** A resolver over the shared in-memory stores (a new one per simulated node). */
    SecretResolver resolver(CachePolicy policy) {
        SecretResolver r = SecretResolver.builder().cachePolicy(policy)
                .provider("vault", vault).provider("aws", aws).provider("archive", archive)
                .manager("env", "env", Map.of())
                .build();
        closeLater.add(r);
        return r;
    }

    CredentialStore store(SecretResolver resolver, Routing routing) {
        return store(resolver, routing, b -> { });
    }

    CredentialStore store(SecretResolver resolver, Routing routing, Consumer<CredentialStore.Builder> more) {
        CredentialStore.Builder b = CredentialStore.builder().resolver(resolver).dataSource(db.dataSource).keys(KEYS)
                .tablePrefix(db.prefix).routing(routing);
        more.accept(b);
        CredentialStore s = b.build();
        closeLater.add(s);
        return s;
    }

    /** Defaults for tests: the fake clock, a fast poll. */
    Consumer<CredentialStore.Builder> fakeTime() {
        return b -> b.clock(clock).pollInterval(Duration.ofMillis(20)).retryBackoff(Duration.ofMillis(100));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    static Routing defaultTo(String manager) {
        return Routing.builder().defaultManager(manager).build();
    }

    // ---------------------------------------------------------------- routing and CRUD

    @Test
    void targetIsAssignedManagerThenEnvironmentThenDefaultThenLocal() throws Exception {
        CredentialStore store = store(resolver(), Routing.builder().defaultManager("vault").environment("production", "aws").build(), fakeTime());

        StoredCredential prod = store.put("conn-prod", "production", FIELDS);
        StoredCredential dev = store.put("conn-dev", "dev", FIELDS);

        assertThat(prod.manager()).isEqualTo("aws");
        assertThat(prod.references()).containsEntry("access_token", "{{aws|ap_sep_v1|conn-prod/access_token}}");
        assertThat(dev.manager()).isEqualTo("vault");
        assertThat(aws.holds("conn-prod")).isTrue();
        assertThat(vault.holds("conn-dev")).isTrue();

        MoveProgress assigned = store.assign("conn-dev", "archive");
        assigned.completion().get(30, TimeUnit.SECONDS);
        assertThat(store.info("conn-dev").manager()).isEqualTo("archive");
        assertThat(store.info("conn-dev").assignedManager()).contains("archive");
        assertThat(store.get("conn-dev")).isEqualTo(FIELDS);

        store.setRouting(Routing.none()).completion().get(30, TimeUnit.SECONDS);
        StoredCredential local = store.put("conn-local", "dev", FIELDS);
        assertThat(local.manager()).isEqualTo(CredentialStore.LOCAL);
        assertThat(local.references()).containsEntry("refresh_token", "{{local|ap_sep_v1|conn-local:refresh_token}}");
        assertThat(store.get("conn-local")).isEqualTo(FIELDS);
        assertThat(store.info("conn-prod").manager()).isEqualTo(CredentialStore.LOCAL);
        assertThat(store.info("conn-dev").manager()).as("an assignment beats routing").isEqualTo("archive");
    }

    @Test
    void routingIsPersistedAndSharedByEveryStoreOnTheDatabase() {
        Routing first = Routing.builder().defaultManager("vault").environment("production", "aws").build();
        CredentialStore a = store(resolver(), first, fakeTime());
        a.setRouting(defaultTo("archive"));

        CredentialStore b = store(resolver(), first, fakeTime());
        assertThat(b.routing()).isEqualTo(defaultTo("archive"));
        assertThat(b.put("conn-1", "production", FIELDS).manager()).isEqualTo("archive");
    }

    @Test
    void getReadsThroughTheResolverCache() {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);
        vault.reads.set(0);

        assertThat(store.get("conn-1")).isEqualTo(FIELDS);
        int afterFirst = vault.reads.get();
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);

        assertThat(afterFirst).isEqualTo(1);
        assertThat(vault.reads.get()).isEqualTo(1);
    }

    @Test
    void updateWritesWhereTheCredentialLivesAndIsReadBackAtOnce() {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);

        StoredCredential updated = store.update("conn-1", fields("at-NEW", "rt-NEW"));

        assertThat(updated.manager()).isEqualTo("vault");
        assertThat(store.get("conn-1")).isEqualTo(fields("at-NEW", "rt-NEW"));
        assertThat(store.info("conn-1").revision()).isEqualTo(2);
        assertThat(vault.writesOf("conn-1")).isEqualTo(2);
    }

    @Test
    void anotherNodesUpdateIsSeenWithinPointerTtl() {
        CredentialStore a = store(resolver(), defaultTo("vault"), fakeTime());
        CredentialStore b = store(resolver(), defaultTo("vault"), fakeTime());
        a.put("conn-1", "dev", FIELDS);
        assertThat(b.get("conn-1")).isEqualTo(FIELDS);

        a.update("conn-1", fields("at-NEW", "rt-NEW"));
        clock.advance(Duration.ofSeconds(6));

        assertThat(b.get("conn-1")).isEqualTo(fields("at-NEW", "rt-NEW"));
    }

    @Test
    void deleteRemovesTheValuesAndTheRow() {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);

        store.delete("conn-1");

        assertThat(vault.holds("conn-1")).isFalse();
        assertThatThrownBy(() -> store.get("conn-1")).isInstanceOfSatisfying(SecretManagerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        }).hasMessageContaining("conn-1");
        assertThatThrownBy(() -> store.info("conn-1")).isInstanceOf(SecretManagerException.class);
    }

    @Test
    void searchReturnsIdsAndMetadataNeverValues() {
        CredentialStore store = store(resolver(), Routing.builder().defaultManager("vault").environment("production", "aws").build(), fakeTime());
        store.put("acme-prod", "production", FIELDS);
        store.put("acme-dev", "dev", FIELDS);
        store.put("globex-prod", "production", FIELDS);

        assertThat(store.search("acme", 0, 10)).extracting(CredentialInfo::id).containsExactly("acme-dev", "acme-prod");
        assertThat(store.search("PRODUCTION", 0, 10)).extracting(CredentialInfo::id).containsExactly("acme-prod", "globex-prod");
        assertThat(store.search("", 1, 1)).extracting(CredentialInfo::id).containsExactly("acme-prod");
        assertThat(store.search("aws", 0, 10)).allSatisfy(i -> assertThat(i.manager()).isEqualTo("aws"));
        assertThat(store.search("_", 0, 10)).as("LIKE wildcards are literal").isEmpty();
        assertThat(store.search("", 0, 10).toString()).doesNotContain("secret");
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);

        assertThatThrownBy(() -> store.put("bad id!", "dev", FIELDS)).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE));
        assertThatThrownBy(() -> store.put("conn-2", "dev", Map.of("bad field", "v"))).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION)).hasMessageNotContaining("bad field\"");
        assertThatThrownBy(() -> store.put("conn-1", "dev", FIELDS)).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
        assertThatThrownBy(() -> store.update("nope", FIELDS)).isInstanceOfSatisfying(SecretManagerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        });
        assertThatThrownBy(() -> store.setRouting(defaultTo("env"))).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED)).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.setRouting(defaultTo("nowhere"))).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MANAGER));
        assertThatThrownBy(() -> store.assign("conn-1", "env")).isInstanceOf(SecretManagerException.class);
        assertThatThrownBy(() -> store.removeManager(CredentialStore.LOCAL)).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));

        assertThat(store.routing()).isEqualTo(defaultTo("vault"));
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);
        assertThat(store.info("conn-1").revision()).isEqualTo(1);
    }

    @Test
    void aTargetThatRefusesTheWriteAtPutLeavesNothingBehind() {
        CredentialStore store = store(resolver(), defaultTo("aws"), fakeTime());
        aws.refuse = true;

        assertThatThrownBy(() -> store.put("conn-1", "dev", FIELDS)).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED)).hasMessageNotContaining("secret");

        assertThat(aws.holds("conn-1")).isFalse();
        assertThat(store.search("conn-1", 0, 10)).isEmpty();
    }

    // ---------------------------------------------------------------- moves

    @Test
    void movesUnderAReaderHammeringGetNeverFailARead() throws Exception {
        // real time here: pointers expire and old copies are deleted while the readers run; no resolver cache
        CredentialStore store = store(resolver(CachePolicy.disabled()), defaultTo("vault"),
                b -> b.pointerTtl(Duration.ofMillis(50)).moveGrace(Duration.ofMillis(150)).pollInterval(Duration.ofMillis(20)));
        int n = 40;
        for (int i = 0; i < n; i++) store.put("conn-" + i, "dev", fields("at-" + i, "rt-" + i));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            Thread reader = new Thread(() -> {
                int i = seed;
                while (!stop.get()) {
                    int k = i++ % n;
                    try {
                        Map<String, String> got = store.get("conn-" + k);
                        if (!got.equals(fields("at-" + k, "rt-" + k))) failures.add(new AssertionError("wrong value for conn-" + k));
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }

        MoveProgress p = store.setRouting(defaultTo("aws"));
        assertThat(p.total()).isEqualTo(n);
        p.completion().get(30, TimeUnit.SECONDS);
        await("old copies deleted after the grace period", () -> vault.size() == 0);
        long readsAtEnd = reads.get();
        await("readers to read after the deletions", () -> reads.get() > readsAtEnd + 100);
        stop.set(true);
        for (Thread r : readers) r.join();

        assertThat(failures).isEmpty();
        assertThat(p.moved()).isEqualTo(n);
        assertThat(p.failed()).isZero();
        for (int i = 0; i < n; i++) assertThat(aws.writesOf("conn-" + i)).isEqualTo(1);
    }

    @Test
    void aPutWithAnotherNodesOutdatedRoutingIsMovedByTheFollowUpPass() throws Exception {
        CredentialStore a = store(resolver(), defaultTo("vault"), fakeTime());
        CredentialStore b = store(resolver(), defaultTo("vault"), fakeTime());
        assertThat(b.routing()).isEqualTo(defaultTo("vault"));

        a.setRouting(defaultTo("aws")).completion().get(30, TimeUnit.SECONDS);
        StoredCredential late = b.put("late-1", "dev", FIELDS);
        assertThat(late.manager()).as("b has not seen the change yet").isEqualTo("vault");

        clock.advance(Duration.ofSeconds(11));
        await("the follow-up pass to move it", () -> {
            a.runMovesNow();
            return a.info("late-1").manager().equals("aws");
        });
        assertThat(b.get("late-1")).isEqualTo(FIELDS);
    }

    @Test
    void sourceIsDeletedOnlyAfterTheGracePeriod() throws Exception {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);

        store.setRouting(defaultTo("aws")).completion().get(30, TimeUnit.SECONDS);
        store.runMovesNow();
        assertThat(vault.holds("conn-1")).as("within the grace period").isTrue();

        clock.advance(Duration.ofSeconds(11));
        store.runMovesNow();
        assertThat(vault.holds("conn-1")).isFalse();
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);
    }

    @Test
    void aCredentialMovedBackBeforeTheGracePeriodKeepsItsValues() throws Exception {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime());
        store.put("conn-1", "dev", FIELDS);
        store.setRouting(defaultTo("aws")).completion().get(30, TimeUnit.SECONDS);

        store.setRouting(defaultTo("vault")).completion().get(30, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(11));
        store.runMovesNow();

        assertThat(store.info("conn-1").manager()).isEqualTo("vault");
        assertThat(vault.holds("conn-1")).isTrue();
        assertThat(aws.holds("conn-1")).isFalse();
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);
    }

    @Test
    void anUpdateDuringAMoveWins() throws Exception {
        AtomicReferenceHolder<CredentialStore> self = new AtomicReferenceHolder<>();
        AtomicReferenceHolder<CompletableFuture<StoredCredential>> update = new AtomicReferenceHolder<>();
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime().andThen(b -> b.stepHook((step, id) -> {
            if (step.equals("read") && update.value == null) {
                // the move has read the old values and holds the row; a token refresh arrives now
                update.value = CompletableFuture.supplyAsync(() -> self.value.update(id, fields("at-REFRESHED", "rt-REFRESHED")));
                try {
                    Thread.sleep(50);   // let the update reach the row lock (it must wait, not fail)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })));
        self.value = store;
        store.put("conn-1", "dev", FIELDS);

        store.setRouting(defaultTo("aws")).completion().get(30, TimeUnit.SECONDS);
        StoredCredential updated = update.value.get(30, TimeUnit.SECONDS);

        assertThat(updated.manager()).as("the update waited for the move and wrote to the new home").isEqualTo("aws");
        assertThat(store.get("conn-1")).isEqualTo(fields("at-REFRESHED", "rt-REFRESHED"));
        assertThat(store.info("conn-1").manager()).isEqualTo("aws");
        assertThat(store.info("conn-1").revision()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "written", "verified", "switched"})
    void aCrashMidMoveLosesNothingAndANewStoreFinishesIt(String crashStep) throws Exception {
        AtomicInteger crashes = new AtomicInteger();
        CredentialStore first = store(resolver(), defaultTo("vault"), fakeTime().andThen(b -> b.stepHook((step, id) -> {
            if (step.equals(crashStep)) {
                crashes.incrementAndGet();
                throw new SimulatedCrash();
            }
        })));
        int n = 6;
        for (int i = 0; i < n; i++) first.put("conn-" + i, "dev", fields("at-" + i, "rt-" + i));
        first.setRouting(defaultTo("aws"));
        await("every move to reach the crash step", () -> crashes.get() >= n);
        for (int i = 0; i < n; i++) assertThat(first.get("conn-" + i)).isEqualTo(fields("at-" + i, "rt-" + i));
        first.close();

        clock.advance(Duration.ofMinutes(1));   // the dead node's leases run out
        CredentialStore second = store(resolver(), defaultTo("vault"), fakeTime());
        await("the new store to finish the moves", () -> {
            second.runMovesNow();
            return second.search("", 0, 100).stream().allMatch(i -> i.manager().equals("aws"));
        });
        for (int i = 0; i < n; i++) assertThat(second.get("conn-" + i)).isEqualTo(fields("at-" + i, "rt-" + i));
        clock.advance(Duration.ofSeconds(11));
        second.runMovesNow();
        assertThat(vault.size()).isZero();
    }

    @Test
    void aTargetThatRefusesHalfWayLeavesTheCredentialReadableAtTheSource() throws Exception {
        CredentialStore store = store(resolver(), defaultTo("vault"), fakeTime().andThen(b -> b.moveAttempts(3)));
        store.put("conn-1", "dev", FIELDS);
        aws.refuse = true;

        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logs, true, java.nio.charset.StandardCharsets.UTF_8));   // slf4j-simple's output
        MoveProgress p;
        try {
            p = store.setRouting(defaultTo("aws"));
            await("the retry budget to run out", () -> {
                store.runMovesNow();
                clock.advance(Duration.ofSeconds(2));
                assertThat(store.get("conn-1")).isEqualTo(FIELDS);
                return p.completion().isDone();
            });
        } finally {
            System.setErr(stderr);
        }
        String logged = logs.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(logged).contains("Moving credential 'conn-1' to manager 'aws' failed").contains("giving up")
                .doesNotContain("at-123-secret").doesNotContain("rt-456-secret");

        assertThatThrownBy(() -> p.completion().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SecretManagerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED));
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.moved()).isZero();
        assertThat(p.failures()).containsOnlyKeys("conn-1");
        assertThat(p.failures().get("conn-1")).contains("refused").doesNotContain("at-123-secret");
        assertThat(aws.writesOf("conn-1")).isEqualTo(3);
        assertThat(aws.holds("conn-1")).as("the half-written copy is removed").isFalse();
        assertThat(store.info("conn-1").manager()).isEqualTo("vault");
        assertThat(store.get("conn-1")).isEqualTo(FIELDS);
    }

    @Test
    void removeManagerMovesEachCredentialToItsBestFallbackAndThenDropsTheManager() throws Exception {
        CredentialStore store = store(resolver(), Routing.builder().defaultManager("vault").environment("production", "aws").build(), fakeTime());
        store.put("prod-1", "production", FIELDS);
        store.put("dev-1", "dev", FIELDS);
        store.put("pinned", "production", FIELDS);
        store.assign("pinned", "vault").completion().get(30, TimeUnit.SECONDS);

        MoveProgress p = store.removeManager("vault");
        p.completion().get(30, TimeUnit.SECONDS);

        assertThat(p.total()).isEqualTo(2);
        assertThat(store.info("dev-1").manager()).as("no environment route, no default: local").isEqualTo(CredentialStore.LOCAL);
        assertThat(store.info("pinned").manager()).as("assignment cleared: environment route").isEqualTo("aws");
        assertThat(store.info("pinned").assignedManager()).isEmpty();
        assertThat(store.info("prod-1").manager()).isEqualTo("aws");
        assertThat(store.routing()).isEqualTo(Routing.builder().environment("production", "aws").build());
        assertThat(store.get("dev-1")).isEqualTo(FIELDS);
        assertThat(store.get("pinned")).isEqualTo(FIELDS);
        assertThat(p.completion().isDone()).isTrue();

        clock.advance(Duration.ofSeconds(11));
        store.runMovesNow();
        assertThat(vault.size()).isZero();
        assertThat(store.routing().defaultManager()).isEmpty();
        await("the empty manager to leave the resolver", () -> {
            store.runMovesNow();
            return !resolverOf(store).managerNames().contains("vault");
        });

        store.removeManager("aws").completion().get(30, TimeUnit.SECONDS);
        assertThat(store.search("", 0, 10)).allSatisfy(i -> assertThat(i.manager()).isEqualTo(CredentialStore.LOCAL));
        assertThat(store.get("prod-1")).isEqualTo(FIELDS);
    }

    /** The resolver the test built last (the one the store under test uses). */
    private SecretResolver resolverOf(CredentialStore store) {
        return closeLater.stream().filter(SecretResolver.class::isInstance).map(SecretResolver.class::cast).reduce((a, b) -> b).orElseThrow();
    }

    // ---------------------------------------------------------------- local store and keys

    @Test
    void keyRotationReEncryptsUnderTheNewPrimaryAndOldKeysCanGo() throws Exception {
        CredentialStore first = store(resolver(), Routing.none(), fakeTime());
        for (int i = 0; i < 3; i++) first.put("conn-" + i, "dev", FIELDS);
        first.close();
        KeyRing rotated = KEYS.withPrimary("k2", bytes(2));

        CredentialStore second = CredentialStore.builder().resolver(resolver()).dataSource(db.dataSource).keys(rotated)
                .tablePrefix(db.prefix).clock(clock).build();
        closeLater.add(second);
        assertThat(second.get("conn-0")).isEqualTo(FIELDS);
        int n = second.rotateKeys();
        second.close();

        assertThat(n).isEqualTo(6);
        assertThat(keyIds()).containsOnly("k2");
        CredentialStore third = CredentialStore.builder().resolver(resolver()).dataSource(db.dataSource)
                .keys(KeyRing.of("k2", Map.of("k2", bytes(2)))).tablePrefix(db.prefix).clock(clock).build();
        closeLater.add(third);
        for (int i = 0; i < 3; i++) assertThat(third.get("conn-" + i)).isEqualTo(FIELDS);
        assertThat(third.rotateKeys()).isZero();
    }

    @Test
    void tamperedOrTransplantedCiphertextIsAnErrorNotGarbage() throws Exception {
        CredentialStore store = store(resolver(), Routing.none(), fakeTime());
        store.put("conn-1", "dev", FIELDS);
        store.put("conn-2", "dev", fields("other-at", "other-rt"));
        String table = db.prefix + "local_secret";
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement()) {
            String sealed;
            try (ResultSet rs = s.executeQuery("SELECT sealed FROM " + table + " WHERE credential_id = 'conn-1' AND field = 'access_token'")) {
                rs.next();
                sealed = rs.getString(1);
            }
            assertThat(sealed).doesNotContain("at-123-secret");
            char last = sealed.charAt(sealed.length() - 5);
            String flipped = sealed.substring(0, sealed.length() - 5) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 4);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET sealed = ? WHERE credential_id = 'conn-1' AND field = 'access_token'")) {
                ps.setString(1, flipped);
                ps.executeUpdate();
            }
            // conn-1's refresh token, copied into conn-2's row
            s.executeUpdate("UPDATE " + table + " SET sealed = (SELECT sealed FROM " + table
                    + " WHERE credential_id = 'conn-1' AND field = 'refresh_token') WHERE credential_id = 'conn-2' AND field = 'refresh_token'");
        }

        assertThatThrownBy(() -> store.get("conn-1")).isInstanceOfSatisfying(SecretManagerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
            assertThat(e.path()).isEqualTo("conn-1:access_token");
        }).hasMessageContaining("altered").hasMessageNotContaining("at-123-secret");
        assertThatThrownBy(() -> store.get("conn-2")).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.path()).isEqualTo("conn-2:refresh_token")).hasMessageNotContaining("rt-456-secret");
    }

    private List<String> keyIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_id FROM " + db.prefix + "local_secret")) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        return ids;
    }

    @Test
    void storeSettingsAreCheckedTogether() {
        assertThatThrownBy(() -> CredentialStore.builder().resolver(resolver()).dataSource(db.dataSource)
                .pointerTtl(Duration.ofSeconds(5)).moveGrace(Duration.ofSeconds(5)).build())
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("moveGrace").hasMessageContaining("keys are required");
        assertThatThrownBy(() -> CredentialStore.builder().tablePrefix("Bad-Prefix")).isInstanceOf(SecretManagerException.class);
        SecretResolver r = resolver();
        assertThatThrownBy(() -> store(r, defaultTo("nowhere"))).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MANAGER));
        assertThat(r.managerNames()).as("a failed build leaves the resolver as it was").doesNotContain(CredentialStore.LOCAL);
        assertThatThrownBy(() -> CredentialStore.builder().keys(KEYS).keys(KEYS)).isInstanceOf(IllegalStateException.class);
    }

    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    static final class AtomicReferenceHolder<T> {
        volatile T value;
    }
}
