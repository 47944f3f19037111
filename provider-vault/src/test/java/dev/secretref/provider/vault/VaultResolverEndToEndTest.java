package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ConnectionStatus;
import dev.secretref.SecretResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the public API: the resolver finds the provider by id {@code hashicorp} and resolves references. */
final class VaultResolverEndToEndTest {
    private FakeVault vault;

    @BeforeEach
    void start() { vault = new FakeVault(); }

    @AfterEach
    void stop() { vault.close(); }

    @Test
    void resolvesReferencesThroughTheResolver() {
        vault.appRoleLogin("approle", "role", "sid", "hvs.e2e", 3600, true);
        vault.lookupSelf("hvs.e2e");
        vault.mount("secret", 2);
        vault.v2("secret", "api-keys", Map.of("slack_token", "xoxb-123", "github", "ghp-456"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", vault.url());
        config.put("roleId", "role");
        config.put("secretId", "sid");
        try (SecretResolver resolver = SecretResolver.builder().manager("vault", "hashicorp", config).build()) {
            assertThat(resolver.resolveString("{{vault|ap_sep_v1|secret/data/api-keys/slack_token}}")).isEqualTo("xoxb-123");
            Map<String, Object> resolved = resolver.resolve(Map.of("auth", "Bearer {{vault|ap_sep_v1|secret/api-keys/github}}",
                    "list", List.of("{{vault|ap_sep_v1|secret/data/api-keys/slack_token}}")));
            assertThat(resolved).containsEntry("auth", "Bearer ghp-456").containsEntry("list", List.of("xoxb-123"));
            ConnectionStatus status = resolver.testConnection("vault");
            assertThat(status.connected()).isTrue();
        }
        assertThat(vault.http.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/secret/data/api-keys")).isPositive();
    }
}
