package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many fetches within one token lifetime, from 16 threads while time passes, cost exactly one login: 10,000
 * token requests on the shared {@link RenewingToken} every fetch goes through (one per HTTP request), and 1,000 full
 * fetches through the provider (kept at 1,000 so the suite stays fast on a loaded build machine). A minimal in-process Vault (JDK HttpServer, lighter than WireMock for 10,000 requests) serves the same
 * documented shapes as {@link WireMockVault}: the AppRole login {@code auth} block, {@code sys/internal/ui/mounts}
 * {@code data.options.version}, and the KV v2 {@code data.data} / {@code data.metadata} read; it answers 403
 * "invalid token" to any other token.
 */
final class VaultTokenLifetimeTest {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        s.createContext("/v1/", this::handle);
        s.setExecutor(Executors.newFixedThreadPool(16));
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestMethod() + " " + (path.startsWith("/v1/sys/internal/ui/mounts/") ? "/v1/sys/internal/ui/mounts/*" : path);
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        ex.getRequestBody().readAllBytes();
        int status = 200;
        String body;
        if (key.equals("POST /v1/auth/approle/login")) {
            body = WireMockVault.authBody("hvs.one", 3600, true).toString();
        } else if (!"hvs.one".equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
            status = 403;
            body = WireMockVault.INVALID_TOKEN;
        } else if (key.equals("GET /v1/sys/internal/ui/mounts/*")) {
            body = "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}";
        } else if (key.equals("GET /v1/secret/data/app")) {
            body = WireMockVault.v2Body(WireMockVault.kvData(Map.of("k", "v")), 1, "", false).toString();
        } else {
            status = 404;
            body = WireMockVault.NOT_FOUND;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private int count(String key) {
        AtomicInteger n = calls.get(key);
        return n == null ? 0 : n.get();
    }

    @Test
    void tenThousandTokenRequestsWithinOneTokenLifetimeCostExactlyOneLogin() throws Exception {
        HttpServer server = server();
        FakeTicker ticker = new FakeTicker();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ProviderConfig config = ProviderConfig.of("t", new VaultProviderFactory().descriptor(), Map.of("url", url.toString(), "token", "x"));
        Redactor redactor = Redactor.of(Set.of());
        VaultHttp http = new VaultHttp(ProviderHttp.create(config, WireMockVault.FAST_RETRY), url, Optional.empty(), redactor);
        RenewingToken<VaultToken> tokens = new RenewingToken<>(new VaultTokenSource(new AppRoleAuth("role", "sid", "approle"), http),
                ticker, redactor, VaultToken::value);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 625; i++) {
                        if (tokens.get().value().equals("hvs.one")) ok++;
                        ticker.advance(Duration.ofMillis(200));   // 10,000 x 0.2 s = 2,000 s < 2/3 of 3,600 s
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : futures) ok += f.get();
            assertThat(ok).isEqualTo(10_000);
        } finally {
            pool.shutdownNow();
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
        assertThat(count("POST /v1/auth/approle/login")).isEqualTo(1);
        assertThat(count("POST /v1/auth/token/renew-self")).isZero();
    }

    @Test
    void aThousandFetchesWithinOneTokenLifetimeCostExactlyOneLogin() throws Exception {
        HttpServer server = server();
        FakeTicker ticker = new FakeTicker();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (SecretProvider p = WireMockVault.create(Map.of("url", url, "roleId", "role", "secretId", "sid"), ticker)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    futures.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < 63; i++) {
                            if (p.fetch("secret/data/app/k").equals("v")) ok++;
                            ticker.advance(Duration.ofSeconds(2));   // 1,008 x 2 s = 2,016 s < 2/3 of 3,600 s
                        }
                        return ok;
                    }));
                }
                int ok = 0;
                for (Future<Integer> f : futures) ok += f.get();
                assertThat(ok).isEqualTo(1_008);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
        assertThat(count("POST /v1/auth/approle/login")).isEqualTo(1);
        assertThat(count("POST /v1/auth/token/renew-self")).isZero();
        assertThat(count("GET /v1/sys/internal/ui/mounts/*")).isEqualTo(1);
        assertThat(count("GET /v1/secret/data/app")).isEqualTo(1_008);
    }
}
