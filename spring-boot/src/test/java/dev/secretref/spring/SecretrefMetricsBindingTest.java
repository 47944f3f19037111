package dev.secretref.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import dev.secretref.micrometer.SecretrefMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The resolver's meters in the application's {@link MeterRegistry}, bound and unbound with the context. */
final class SecretrefMetricsBindingTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecretrefAutoConfiguration.class))
            .withPropertyValues("secretref.managers.demo.provider=memory",
                    "secretref.managers.demo.config.values[api/key]=k-123456");

    @Test
    void resolvesAreCountedInTheContextsMeterRegistryAndMetersGoWithTheContext() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(SecretrefMetrics.class);
            SecretResolver resolver = ctx.getBean(SecretResolver.class);

            assertThat(resolver.resolveString("{{demo|ap_sep_v1|api/key}}")).isEqualTo("k-123456");
            resolver.resolveString("{{demo|ap_sep_v1|api/key}}");

            assertThat(registry.get("secretref.loads").tag("manager", "demo").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("secretref.cache.hits").tag("manager", "demo").counter().count()).isGreaterThanOrEqualTo(1.0);
            assertThat(registry.getMeters()).extracting(m -> m.getId().getTags().toString())
                    .noneMatch(tags -> tags.contains("k-123456"));
        });
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("secretref."));
    }

    @Test
    void noMeterRegistryMeansNoBinding() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretrefMetrics.class));
    }

    @Test
    void withoutTheMicrometerModuleTheRestStillWorks() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(SecretrefMetrics.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(SecretResolver.class)
                        .doesNotHaveBean(SecretrefMetrics.class));
    }

    @Test
    void anApplicationsOwnBindingIsKept() {
        runner.withUserConfiguration(OwnBinding.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(SecretrefMetrics.class);
            assertThat(ctx.getBean(SecretrefMetrics.class)).isSameAs(ctx.getBean(OwnBinding.class).binding);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinding {
        final MeterRegistry registry = new SimpleMeterRegistry();
        SecretrefMetrics binding;

        @Bean
        MeterRegistry meterRegistry() {
            return registry;
        }

        @Bean(destroyMethod = "close")
        SecretrefMetrics ownSecretrefMetrics(SecretResolver resolver) {
            binding = SecretrefMetrics.bind(resolver, registry);
            return binding;
        }
    }
}
