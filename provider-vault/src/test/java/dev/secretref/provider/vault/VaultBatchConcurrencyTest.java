package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretref.Ticker;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * fetchAll reads distinct paths in parallel, never more than {@code maxConcurrency} at once. The in-process
 * Vault (JDK HttpServer; the KV v2 and {@code sys/internal/ui/mounts} shapes of {@link WireMockVault}) holds each
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

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body;
        if (path.startsWith("/v1/sys/internal/ui/mounts/")) {
            body = "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}";
        } else {
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
            String name = path.substring(path.lastIndexOf('/') + 1);
            body = WireMockVault.v2Body(WireMockVault.kvData(Map.of("k", "value-" + name)), 1, "", false).toString();
            synchronized (lock) {
                inFlight--;   // before answering: once the client has the answer it may start the next read
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void distinctPathsAreReadInParallelWithinTheBound() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/v1/", this::handle);
        ExecutorService serverThreads = Executors.newFixedThreadPool(16);
        server.setExecutor(serverThreads);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (SecretProvider p = WireMockVault.create(Map.of("url", url, "token", "hvs.t", "maxConcurrency", LIMIT), Ticker.system())) {
            Set<String> paths = new LinkedHashSet<>();
            for (int i = 0; i < TOTAL; i++) paths.add("secret/data/s" + i + "/k");
            Map<String, FetchResult> got = p.fetchAll(paths);
            for (int i = 0; i < 16; i++) assertThat(got.get("secret/data/s" + i + "/k").valueOrThrow()).isEqualTo("value-s" + i);
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
        synchronized (lock) {
            assertThat(reads).isEqualTo(TOTAL);
            assertThat(maxInFlight).isEqualTo(LIMIT);
        }
    }
}
