package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ConnectionStatus;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider found through ServiceLoader by the resolver, resolving references in a configuration. */
final class AzureResolverEndToEndTest {
    private final FakeKeyVault fake = FakeKeyVault.start()
            .put("prod-db", "{\"user\":\"app\",\"password\":\"pg-pass\"}").put("slack-token", "xoxb-42");
    private final SecretResolver resolver = SecretResolver.builder()
            .manager("prod-kv", "azure", Fixtures.config(fake))
            .build();

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
    }

    @Test
    void referencesResolveThroughTheResolver() {
        assertThat(resolver.resolveString("postgres://{{prod-kv|ap_sep_v1|prod-db:user}}:{{prod-kv|ap_sep_v1|prod-db:password}}@db/app"))
                .isEqualTo("postgres://app:pg-pass@db/app");
        assertThat(resolver.resolveString("{{azure|ap_sep_v1|slack-token}}")).isEqualTo("xoxb-42");
    }

    @Test
    void aConfigIsResolvedWithOneReadPerSecret() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("user", "{{prod-kv|ap_sep_v1|prod-db:user}}");
        config.put("password", "{{prod-kv|ap_sep_v1|prod-db:password}}");
        config.put("slack", List.of("{{prod-kv|ap_sep_v1|slack-token}}", "{{step_1.output}}"));

        Map<String, Object> out = resolver.resolve(config);

        assertThat(out).containsEntry("user", "app").containsEntry("password", "pg-pass")
                .containsEntry("slack", List.of("xoxb-42", "{{step_1.output}}"));
        assertThat(fake.requests()).filteredOn(r -> r.startsWith("GET /secrets/prod-db")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void testConnectionAndListGoThroughTheResolver() {
        ConnectionStatus status = resolver.testConnection("prod-kv");
        assertThat(status.connected()).as(status.message()).isTrue();
        assertThat(resolver.list("prod-kv", "prod-")).extracting(SecretInfo::path).containsExactly("prod-db");
    }
}
