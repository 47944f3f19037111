package dev.secretref.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SecretrefMetrics#close()} stops counting and removes every meter the binding registered, and only those. */
final class ClosingTheBindingRemovesItsMetersTest {
    @Test
    void afterCloseNoMeterOfTheBindingIsLeftAndResolvingRegistersNone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("app.requests").increment();
        try (SecretResolver resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("a", "1"))).build()) {
            SecretrefMetrics metrics = SecretrefMetrics.bind(resolver, registry);
            resolver.resolveString("{{m|ap_sep_v1|a}}");
            assertThat(registry.find("secretref.loads").counter().count()).isEqualTo(1);

            metrics.close();
            metrics.close();
            resolver.resolveString("{{m|ap_sep_v1|a}}");
            resolver.invalidate("m");
            resolver.resolveString("{{m|ap_sep_v1|a}}");

            assertThat(registry.getMeters()).singleElement().satisfies(m -> assertThat(m.getId().getName()).isEqualTo("app.requests"));
        }
    }

    @Test
    void twoRegistriesBoundToOneResolverCountTheSameEvents() {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (SecretResolver resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("a", "1"))).build();
             SecretrefMetrics a = SecretrefMetrics.bind(resolver, first);
             SecretrefMetrics b = SecretrefMetrics.bind(resolver, second)) {
            resolver.resolveString("{{m|ap_sep_v1|a}}");
            resolver.resolveString("{{m|ap_sep_v1|a}}");

            assertThat(first.get("secretref.cache.hits").counter().count()).isEqualTo(1);
            assertThat(second.get("secretref.cache.hits").counter().count()).isEqualTo(1);
        }
    }
}
