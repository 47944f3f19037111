package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ConnectionStatus;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider found through ServiceLoader by id {@code gcp} and used by a resolver, against {@link FakeSecretManager}
 * (shapes as cited in {@link GcpFetchTest}).
 */
final class GcpResolverEndToEndTest {
    private final FakeSecretManager fake = Fixtures.fake();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void referencesResolveThroughTheResolver() {
        fake.put("prod-api-keys", "{\"slack_token\":\"xoxb-123\",\"github\":\"ghp-456\"}");
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-gcp", "gcp", Fixtures.config(fake)).build()) {
            assertThat(resolver.resolveString("{{prod-gcp|ap_sep_v1|prod-api-keys:slack_token}}")).isEqualTo("xoxb-123");
            assertThat(resolver.resolveString("{{gcp|ap_sep_v1|prod-api-keys:github}}")).isEqualTo("ghp-456");
            Map<String, Object> resolved = resolver.resolve(Map.of("a", "Bearer {{prod-gcp|ap_sep_v1|prod-api-keys:slack_token}}",
                    "b", "{{prod-gcp|ap_sep_v1|prod-api-keys:github}}"));
            assertThat(resolved).containsEntry("a", "Bearer xoxb-123").containsEntry("b", "ghp-456");
            ConnectionStatus status = resolver.testConnection("prod-gcp");
            assertThat(status.connected()).as(status.message()).isTrue();
            assertThat(resolver.list("prod-gcp", "prod-")).extracting(SecretInfo::path).containsExactly("prod-api-keys");
        }
    }
}
