package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.spi.FetchResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fetchAll} reads each distinct secret version once (versions.access, documented at
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access; there is no batch
 * read in the API), at most {@code maxConcurrency} at a time, and gives each path its own value or error.
 */
final class GcpBatchTest {
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    @Test
    void eachDistinctSecretVersionIsReadOnce() {
        fake.put("db", "{\"user\":\"app\",\"password\":\"pw\"}");
        fake.put("api", "old");
        fake.put("api", "new");
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);
        Set<String> paths = new LinkedHashSet<>(List.of("db:user", "db:password", "db", "api?version=1", "api", "api?version=latest",
                "missing", "db:nokey", "bad.name"));

        Map<String, FetchResult> got = p.fetchAll(paths);

        assertThat(got.keySet()).containsExactlyElementsOf(paths);
        assertThat(got.get("db:user").valueOrThrow()).isEqualTo("app");
        assertThat(got.get("db:password").valueOrThrow()).isEqualTo("pw");
        assertThat(got.get("api?version=1").valueOrThrow()).isEqualTo("old");
        assertThat(got.get("api").valueOrThrow()).isEqualTo("new");
        assertThat(got.get("api?version=latest").valueOrThrow()).isEqualTo("new");
        assertThat(got.get("missing").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("missing").error().path()).isEqualTo("missing");
        assertThat(got.get("db:nokey").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("bad.name").error().code()).isEqualTo(ErrorCode.VALIDATION);
        // db latest, api v1, api latest, missing latest: four reads for nine paths, one token
        assertThat(fake.callsContaining(":access")).isEqualTo(4);
        assertThat(fake.callsContaining("/secrets/db/versions/latest:access")).isEqualTo(1);
        assertThat(fake.callsContaining("/secrets/api/versions/latest:access")).isEqualTo(1);
        assertThat(fake.tokenRequests()).isEqualTo(1);
    }

    @Test
    void readsRunInParallelUpToMaxConcurrency() throws Exception {
        for (int i = 0; i < 7; i++) fake.put("s" + i, "v" + i);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxConcurrency", 3);
        GcpSecretProvider p = Fixtures.provider(config, context);
        p.fetch("s0");   // token first, so the gate holds only reads
        fake.server().reset();   // forget that read: in-flight counts and call counts start here
        CountDownLatch gate = new CountDownLatch(1);
        fake.gateAccess(gate);
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; i < 7; i++) paths.add("s" + i);

        CompletableFuture<Map<String, FetchResult>> running = CompletableFuture.supplyAsync(() -> p.fetchAll(paths));
        fake.server().awaitRequests(3);
        assertThat(fake.callsContaining(":access")).as("reads held at the gate").isEqualTo(3);
        assertThat(fake.server().maxInFlight()).isEqualTo(3);
        gate.countDown();
        Map<String, FetchResult> got = running.get();

        for (int i = 0; i < 7; i++) assertThat(got.get("s" + i).valueOrThrow()).isEqualTo("v" + i);
        assertThat(fake.server().maxInFlight()).isEqualTo(3);
        assertThat(fake.callsContaining(":access")).isEqualTo(7);   // s0 again and the six others: one read each
    }

    @Test
    void oneDeniedSecretFailsOnlyItsOwnPaths() {
        fake.put("ok", "fine");
        fake.put("locked", "{\"a\":\"1\"}");
        fake.deny("locked");
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        Map<String, FetchResult> got = p.fetchAll(Set.of("ok", "locked:a", "locked"));

        assertThat(got.get("ok").valueOrThrow()).isEqualTo("fine");
        assertThat(got.get("locked:a").error().reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(got.get("locked:a").error().path()).isEqualTo("locked:a");
        assertThat(got.get("locked").error().path()).isEqualTo("locked");
        assertThat(fake.callsContaining("/secrets/locked/")).isEqualTo(1);
    }

    @Test
    void aBatchCompletesWhenTheExecutorNeverRunsItsHelpers() {
        for (int i = 0; i < 4; i++) fake.put("q" + i, "v" + i);
        List<Runnable> parked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Fixtures.TestContext saturated = new Fixtures.TestContext() {
            @Override
            public java.util.concurrent.Executor executor() { return parked::add; }   // a pool whose threads are all busy
        };
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), saturated);

        Map<String, FetchResult> got = p.fetchAll(Set.of("q0", "q1", "q2", "q3"));

        for (int i = 0; i < 4; i++) assertThat(got.get("q" + i).valueOrThrow()).isEqualTo("v" + i);
        assertThat(parked).hasSize(3);
        assertThat(fake.callsContaining(":access")).isEqualTo(4);
        parked.forEach(Runnable::run);   // late helpers find nothing left to do
        assertThat(fake.callsContaining(":access")).isEqualTo(4);
        saturated.close();
    }

    @Test
    void aProviderWithoutAContextReadsInParallelOnItsOwnThreads() {
        fake.put("x", "1");
        fake.put("y", "2");
        var provider = new GcpProviderFactory().create(Fixtures.providerConfig(Fixtures.config(fake)));
        try {
            Map<String, FetchResult> got = provider.fetchAll(Set.of("x", "y"));
            assertThat(got.get("x").valueOrThrow()).isEqualTo("1");
            assertThat(got.get("y").valueOrThrow()).isEqualTo("2");
        } finally {
            provider.close();
        }
    }
}
