package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.testkit.LogCapture;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logs (slf4j-simple at debug for this package, see simplelogger.properties) and exception messages of the
 * failure paths — forbidden detection, invalid token and re-login, refused renewal, rejected login — hold no
 * token, role id, secret id or value.
 */
final class VaultLogRedactionTest {
    private static final String ROLE_ID = "log-role-id-Hh5";
    private static final String SECRET_ID = "log-secret-id-Jj6";
    private static final String TOKEN_1 = "hvs.log-token-one-Kk7";
    private static final String TOKEN_2 = "hvs.log-token-two-Ll8";
    private static final String VALUE = "log-value-Mm9";
    private FakeVault vault;

    @BeforeEach
    void start() { vault = new FakeVault(); }

    @AfterEach
    void stop() { vault.close(); }

    @Test
    void failurePathsLogAndThrowWithoutCredentialsOrValues() {
        vault.mountDetectionForbidden();
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, true, TOKEN_1, TOKEN_2);
        vault.http.route("POST", "/v1/auth/token/renew-self", r -> json(403, FakeVault.INVALID_TOKEN));
        vault.http.route("GET", "/v1/(?<path>secret/data/app)",
                r -> TOKEN_1.equals(r.header("X-Vault-Token")) ? json(403, FakeVault.INVALID_TOKEN) : vault.kv(r));
        vault.v2("secret", "app", Map.of("k", VALUE));
        vault.http.route("GET", "/v1/secret/data/locked", r -> json(403, FakeVault.PERMISSION_DENIED));
        FakeTicker ticker = new FakeTicker();
        List<String> texts = new ArrayList<>();

        String log;
        try (LogCapture captured = LogCapture.start()) {
            SecretProvider p = vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID), ticker);
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);      // invalid token → re-login
            ticker.advance(Duration.ofSeconds(45));
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);      // renewal refused → new login
            for (String path : List.of("secret/data/locked/k", "secret/data/app/missing")) {
                try {
                    p.fetch(path);
                } catch (SecretManagerException e) {
                    texts.add(e.getMessage() + " " + e);
                }
            }
            texts.add(p.toString());
            p.close();
            log = captured.text();
        }
        vault.http.route("POST", "/v1/auth/approle/login", r -> json(400, FakeVault.INVALID_LOGIN));
        try (SecretProvider p = vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID), ticker)) {
            p.fetch("secret/data/app/k");
        } catch (SecretManagerException e) {
            texts.add(e.getMessage() + " " + e);
        }

        assertThat(log).contains("sys/internal/ui/mounts").contains("renewal");
        texts.add(log);
        assertThat(texts).hasSizeGreaterThanOrEqualTo(4);
        for (String text : texts) {
            for (String secret : Set.of(ROLE_ID, SECRET_ID, TOKEN_1, TOKEN_2, VALUE)) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
