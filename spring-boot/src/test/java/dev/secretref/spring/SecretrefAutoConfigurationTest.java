package dev.secretref.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.Reason;
import dev.secretref.SecretResolver;
import dev.secretref.sync.SecretSync;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in a real application context, against the in-memory provider. */
final class SecretrefAutoConfigurationTest {
    private static final String[] DEMO = {
            "secretref.managers.demo.provider=memory",
            "secretref.managers.demo.config.values[db/password]=s3cr3t-db",
            "secretref.managers.demo.config.values[api/key]=k-123456",
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecretrefAutoConfiguration.class))
            .withPropertyValues(DEMO);

    @Test
    void bootStylePropertiesReadResolvedValues() {
        runner.withPropertyValues("spring.datasource.password={{demo|ap_sep_v1|db/password}}",
                        "spring.datasource.url=jdbc:postgresql://db/app?password={{demo|ap_sep_v1|db/password}}",
                        "spring.datasource.username=app")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(SecretResolver.class);
                    assertThat(ctx.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("s3cr3t-db");
                    assertThat(ctx.getEnvironment().getProperty("spring.datasource.url")).endsWith("password=s3cr3t-db");
                    assertThat(ctx.getEnvironment().getProperty("spring.datasource.username")).isEqualTo("app");
                });
    }

    @Test
    void configurationPropertiesAndValueInjectionSeeResolvedValues() {
        runner.withUserConfiguration(AppConfig.class)
                .withPropertyValues("app.api-key={{demo|ap_sep_v1|api/key}}", "app.header=Bearer {{demo|ap_sep_v1|api/key}}",
                        "app.plain={{step_1.output}}")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    AppProperties props = ctx.getBean(AppProperties.class);
                    assertThat(props.apiKey()).isEqualTo("k-123456");
                    assertThat(props.header()).isEqualTo("Bearer k-123456");
                    assertThat(props.plain()).isEqualTo("{{step_1.output}}");
                    assertThat(ctx.getBean(ValueReader.class).key).isEqualTo("k-123456");
                });
    }

    @Test
    void aChangedSecretShowsUpAfterInvalidationWithoutARestart() {
        runner.withPropertyValues("app.token={{demo|ap_sep_v1|rotating/token}}",
                        "secretref.managers.demo.config.values[rotating/token]=first")
                .run(ctx -> {
                    assertThat(ctx.getEnvironment().getProperty("app.token")).isEqualTo("first");

                    ctx.getBean(SecretResolver.class).writer("demo").write("rotating", Map.of("token", "second"));

                    assertThat(ctx.getEnvironment().getProperty("app.token")).isEqualTo("second");
                });
    }

    @Test
    void anUnresolvableReferenceFailsStartupNamingThePropertyAndReasonNotTheValue() {
        runner.withPropertyValues("spring.datasource.password={{demo|ap_sep_v1|missing/password}}")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    Throwable failure = ctx.getStartupFailure();
                    SecretrefPropertyException e = findCause(failure, SecretrefPropertyException.class);
                    assertThat(e.property()).isEqualTo("spring.datasource.password");
                    assertThat(e.reason().reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.getMessage()).contains("spring.datasource.password", "NOT_FOUND", "fail-fast")
                            .doesNotContain("s3cr3t-db");
                });
    }

    @Test
    void withFailFastOffAnUnresolvablePropertyReadsAsAbsent() {
        runner.withUserConfiguration(DefaultedValueReader.class)
                .withPropertyValues("secretref.fail-fast=false", "app.optional={{demo|ap_sep_v1|missing/key}}")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getEnvironment().getProperty("app.optional")).isNull();
                    assertThat(ctx.getBean(DefaultedValueReader.class).value).isEqualTo("fallback");
                });
    }

    @Test
    void eachManagerHasAHealthIndicatorThatIsDownWithTheReasonAndNoCredential() {
        runner.withPropertyValues(
                        "secretref.managers.unreachable.provider=aws",
                        "secretref.managers.unreachable.config.region=eu-west-1",
                        "secretref.managers.unreachable.config.access-key-id=AKIAEXAMPLEKEY123",
                        "secretref.managers.unreachable.config.SECRETACCESSKEY=very-secret-access-key-987",
                        "secretref.managers.unreachable.config.endpoint=http://127.0.0.1:9",
                        "secretref.managers.unreachable.config.apiCallTimeout=2s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    CompositeHealthContributor health = ctx.getBean("secretrefHealthContributor", CompositeHealthContributor.class);
                    Health demo = ((HealthIndicator) health.getContributor("demo")).health();
                    Health down = ((HealthIndicator) health.getContributor("unreachable")).health();

                    assertThat(demo.getStatus()).isEqualTo(Status.UP);
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("code", "SECRET_MANAGER_CONNECTION_FAILED")
                            .containsEntry("manager", "unreachable");
                    assertThat(down.toString()).doesNotContain("very-secret-access-key-987", "AKIAEXAMPLEKEY123");
                });
    }

    @Test
    void aSyncSnapshotBeanIsCreatedWhenSourcesAreSet() {
        runner.withPropertyValues("secretref.sync.sources=demo:api/", "secretref.sync.interval=off")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(SecretSync.class);
                    SecretSync sync = ctx.getBean(SecretSync.class);
                    sync.syncNow();
                    assertThat(sync.secrets()).containsOnlyKeys("key");
                });
    }

    @Test
    void noSyncBeanWithoutSources() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(SecretSync.class));
    }

    @Test
    void disabledLeavesPropertiesUntouched() {
        runner.withPropertyValues("secretref.enabled=false", "app.token={{demo|ap_sep_v1|api/key}}")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretResolver.class);
                    assertThat(ctx.getEnvironment().getProperty("app.token")).isEqualTo("{{demo|ap_sep_v1|api/key}}");
                });
    }

    @Test
    void relaxedConfigKeysMatchTheProvidersFields() {
        var aws = SecretResolver.availableProviders().stream().filter(d -> d.id().equals("aws")).findFirst();
        Map<String, Object> canonical = ResolverFactory.canonicalKeys(
                Map.of("access-key-id", "a", "SECRETACCESSKEY", "b", "region", "r", "unknownThing", "u"), aws);

        assertThat(canonical).containsOnlyKeys("accessKeyId", "secretAccessKey", "region", "unknownThing");
        assertThat(ResolverFactory.canonicalKeys(Map.of("x", "y"), Optional.empty())).containsOnlyKeys("x");
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }

    @ConfigurationProperties("app")
    record AppProperties(String apiKey, String header, String plain) { }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AppProperties.class)
    static class AppConfig {
        @Bean
        ValueReader valueReader(@Value("${app.api-key}") String key) {
            return new ValueReader(key);
        }
    }

    static final class ValueReader {
        final String key;

        ValueReader(String key) {
            this.key = key;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DefaultedValueReader {
        final String value;

        DefaultedValueReader(@Value("${app.optional:fallback}") String value) {
            this.value = value;
        }
    }
}
