package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeTicker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many fetches within one token lifetime, from 16 threads while time passes, cost exactly one login: 10,000
 * token requests on the shared {@link RenewingToken} every fetch goes through (one per HTTP request), and 1,000 full
 * fetches through the provider (kept at 1,000 so the suite stays fast on a loaded build machine), against
 * {@link FakeVault}: the AppRole login {@code auth} block, {@code sys/internal/ui/mounts} {@code data.options.version},
 * and the KV v2 {@code data.data} / {@code data.metadata} read, which refuses any token but the one issued.
 */
final class VaultTokenLifetimeTest {
    private static final String LOGIN = "/v1/auth/approle/login";
    private static final String RENEW = "/v1/auth/token/renew-self";
    private FakeVault vault;

    @BeforeEach
    void start() {
        vault = new FakeVault();
        vault.appRoleLogin("approle", "role", "sid", "hvs.one", 3600, true);
        vault.kvMount("secret", 2, "hvs.one");
        vault.v2("secret", "app", Map.of("k", "v"));
    }

    @AfterEach
    void stop() { vault.close(); }

    @Test
    void tenThousandTokenRequestsWithinOneTokenLifetimeCostExactlyOneLogin() throws Exception {
        FakeTicker ticker = new FakeTicker();
        URI url = vault.http.url();
        ProviderConfig config = ProviderConfig.of("t", new VaultProviderFactory().descriptor(), Map.of("url", url.toString(), "token", "x"));
        Redactor redactor = Redactor.of(Set.of());
        VaultHttp http = new VaultHttp(ProviderHttp.create(config, FakeVault.FAST_RETRY), url, Optional.empty(), redactor);
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
        }
        assertThat(vault.http.count("POST", LOGIN)).isEqualTo(1);
        assertThat(vault.http.count("POST", RENEW)).isZero();
    }

    @Test
    void aThousandFetchesWithinOneTokenLifetimeCostExactlyOneLogin() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (SecretProvider p = FakeVault.create(Map.of("url", vault.url(), "roleId", "role", "secretId", "sid"), ticker)) {
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
        }
        assertThat(vault.http.count("POST", LOGIN)).isEqualTo(1);
        assertThat(vault.http.count("POST", RENEW)).isZero();
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.*")).isEqualTo(1);
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.one")).isEqualTo(1_008);
    }
}
