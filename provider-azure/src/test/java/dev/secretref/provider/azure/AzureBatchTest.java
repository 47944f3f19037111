package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.Reason;
import dev.secretref.spi.FetchResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code fetchAll}: one GET per distinct secret and version, in parallel up to {@code maxConcurrency}. */
final class AzureBatchTest {
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        fake.close();
    }

    @Test
    void eachDistinctSecretIsReadOnceHoweverManyKeysAreAsked() {
        fake.put("db", "{\"user\":\"app\",\"password\":\"pw\"}").put("api", "{\"token\":\"t\"}").put("plain", "p");
        try (AzureSecretProvider p = Fixtures.provider(Fixtures.config(fake), pool)) {
            p.fetch("plain");   // handshake and token first, so only the batch's reads are counted below
            long before = fake.requests().size();
            Set<String> paths = new LinkedHashSet<>(List.of("db:user", "db:password", "api:token", "plain", "db:missing", "bad_name"));

            Map<String, FetchResult> got = p.fetchAll(paths);

            assertThat(got.keySet()).containsExactlyElementsOf(paths);
            assertThat(got.get("db:user").valueOrThrow()).isEqualTo("app");
            assertThat(got.get("db:password").valueOrThrow()).isEqualTo("pw");
            assertThat(got.get("api:token").valueOrThrow()).isEqualTo("t");
            assertThat(got.get("plain").valueOrThrow()).isEqualTo("p");
            assertThat(got.get("db:missing").error().reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(got.get("bad_name").error().reason()).isEqualTo(Reason.INVALID_REFERENCE);
            List<String> batch = fake.requests().subList((int) before, fake.requests().size());
            assertThat(batch).containsExactlyInAnyOrder("GET /secrets/db/", "GET /secrets/api/", "GET /secrets/plain/");
        }
    }

    @Test
    void readsRunInParallelUpToMaxConcurrency() {
        for (int i = 0; i < 12; i++) fake.put("s" + i, "v" + i);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxConcurrency", "3");
        try (AzureSecretProvider p = Fixtures.provider(config, pool)) {
            p.fetch("s0");   // handshake and token first, so the gate holds only reads
            fake.server().reset();
            CountDownLatch gate = new CountDownLatch(1);
            fake.gateSecretGets(gate);
            Set<String> paths = new LinkedHashSet<>();
            for (int i = 0; i < 12; i++) paths.add("s" + i);

            CompletableFuture<Map<String, FetchResult>> running = CompletableFuture.supplyAsync(() -> p.fetchAll(paths));
            fake.server().awaitRequests(3);
            assertThat(fake.server().maxInFlight()).as("reads held at the gate").isEqualTo(3);
            gate.countDown();
            Map<String, FetchResult> got = running.join();

            for (int i = 0; i < 12; i++) assertThat(got.get("s" + i).valueOrThrow()).isEqualTo("v" + i);
            assertThat(fake.server().maxInFlight()).isEqualTo(3);
            assertThat(fake.server().count("GET", "/secrets/s[0-9]+/")).isEqualTo(12);
        }
    }

    @Test
    void withoutAnExecutorTheProviderFansOutOnItsOwnThreads() {
        for (int i = 0; i < 4; i++) fake.put("s" + i, "v" + i);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxConcurrency", "2");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            p.fetch("s0");
            fake.server().reset();
            CountDownLatch gate = new CountDownLatch(1);
            fake.gateSecretGets(gate);

            CompletableFuture<Map<String, FetchResult>> running = CompletableFuture.supplyAsync(() -> p.fetchAll(Set.of("s0", "s1", "s2", "s3")));
            fake.server().awaitRequests(2);
            assertThat(fake.server().maxInFlight()).as("reads held at the gate").isEqualTo(2);
            gate.countDown();
            Map<String, FetchResult> got = running.join();

            assertThat(got.values()).allMatch(FetchResult::isValue);
            assertThat(fake.server().maxInFlight()).isEqualTo(2);
        }
    }
}
