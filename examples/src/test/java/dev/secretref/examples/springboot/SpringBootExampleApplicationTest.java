package dev.secretref.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.store.CredentialStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** {@link SpringBootExampleApplication} starts with resolved properties, a credential store and meters, and stops cleanly. */
final class SpringBootExampleApplicationTest {
    @TempDir Path dir;

    @Test
    void propertiesHoldResolvedSecretsAndTheStarterBeansWork() {
        CredentialStore store;
        try (ConfigurableApplicationContext ctx = SpringBootExampleApplication.start("--example.data-dir=" + dir)) {
            assertThat(ctx.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("s3cr3t-db");
            PaymentsClient client = ctx.getBean(PaymentsClient.class);
            assertThat(client.chargesRequest().headers().firstValue("Authorization")).contains("Bearer pk-live-123456");
            assertThat(ctx.getBean(PaymentsProperties.class).toString()).doesNotContain("pk-live");

            store = ctx.getBean(CredentialStore.class);
            assertThat(store.put("crm-oauth", "production", Map.of("refresh_token", "rt-1")).manager()).isEqualTo("demo");
            assertThat(store.put("crm-dev", "development", Map.of("refresh_token", "rt-2")).manager())
                    .isEqualTo(CredentialStore.LOCAL);
            assertThat(store.get("crm-oauth")).containsEntry("refresh_token", "rt-1");
            assertThat(Files.exists(dir.resolve("secretref-data.keys"))).isTrue();

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            ctx.getBean(SecretResolver.class).resolveString("{{demo|ap_sep_v1|payments/api-key}}");
            assertThat(meters.get("secretref.cache.hits").tag("manager", "demo").counter().count()).isPositive();
        }
        assertThatThrownBy(() -> store.get("crm-dev")).isInstanceOf(SecretManagerException.class);
    }

    @Test
    void mainRunsAndPrintsNoSecret() throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SpringBootExampleApplication.main(new String[] {"--example.data-dir=" + dir});
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(out).contains("API key of 14 characters", "kept in manager demo", "[refresh_token]")
                .doesNotContain("pk-live", "s3cr3t", "rt-example");
    }
}
