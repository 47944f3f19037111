package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.Ticker;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * fetchAll reads distinct paths in parallel, never more than {@code maxConcurrency} at once. {@link FakeVault}
 * answers the mount detection; a route of its server (the KV v2 read shape) holds each
 * KV read until {@code maxConcurrency} reads are in flight (or all reads have arrived), so the count is exact,
 * not a timing.
 */
final class VaultBatchConcurrencyTest {
    private static final int LIMIT = 4;
    private static final int TOTAL = 16;
    private final Object lock = new Object();
    private int inFlight;
    private int maxInFlight;
    private int reads;

    /** A KV read, held until {@code LIMIT} reads are in flight or all {@code TOTAL} have arrived. */
    private Response read(Request r) {
        synchronized (lock) {
            inFlight++;
            reads++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            lock.notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try {
                while (inFlight < LIMIT && reads < TOTAL && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String name = r.group("name");
        Response answer = FakeVault.json(200, FakeVault.v2Body(FakeVault.kvData(Map.of("k", "value-" + name)), 1, "", false));
        synchronized (lock) {
            inFlight--;   // before answering: once the client has the answer it may start the next read
        }
        return answer;
    }

    @Test
    void distinctPathsAreReadInParallelWithinTheBound() throws Exception {
        try (FakeVault vault = new FakeVault()) {
            vault.mount("secret", 2);
            vault.http.route("GET", "/v1/secret/data/(?<name>[^/]+)", this::read);
            String url = vault.url();
            try (SecretProvider p = FakeVault.create(Map.of("url", url, "token", "hvs.t", "maxConcurrency", LIMIT), Ticker.system())) {
                Set<String> paths = new LinkedHashSet<>();
                for (int i = 0; i < TOTAL; i++) paths.add("secret/data/s" + i + "/k");
                Map<String, FetchResult> got = p.fetchAll(paths);
                for (int i = 0; i < 16; i++) assertThat(got.get("secret/data/s" + i + "/k").valueOrThrow()).isEqualTo("value-s" + i);
            }
        }
        synchronized (lock) {
            assertThat(reads).isEqualTo(TOTAL);
            assertThat(maxInFlight).isEqualTo(LIMIT);
        }
    }
}
