package dev.secretref.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ManagerDefinition;
import dev.secretref.SecretResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-manager {@code secretref.cache.size} gauge, through loads, invalidations, and managers added, replaced or removed. */
final class CacheSizeGaugeFollowsTheCacheTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TimedStore store = new TimedStore(Map.of("a", "1", "b", "2", "c", "3"));
    private SecretResolver resolver;
    private SecretrefMetrics metrics;

    @AfterEach
    void close() {
        metrics.close();
        resolver.close();
    }

    private Gauge size(String manager) {
        return registry.find("secretref.cache.size").tag("manager", manager).gauge();
    }

    @Test
    void theGaugeCountsEntriesAsTheyAreLoadedAndInvalidated() {
        resolver = SecretResolver.builder().provider(ManagerDefinition.of("m", "aws", Map.of()), store).ticker(store.ticker()).build();
        metrics = SecretrefMetrics.bind(resolver, registry);

        assertThat(size("m").value()).isZero();
        assertThat(size("m").getId().getTag("provider")).isEqualTo("aws");
        resolver.resolve(Map.of("x", "{{m|ap_sep_v1|a}}", "y", "{{m|ap_sep_v1|b}}", "z", "{{m|ap_sep_v1|c}}"));
        assertThat(size("m").value()).isEqualTo(3);
        resolver.invalidate("m", "a");
        assertThat(size("m").value()).isEqualTo(2);
        resolver.clearCache();
        assertThat(size("m").value()).isZero();
    }

    @Test
    void aManagerDefinedAfterBindingGetsAGaugeAtItsFirstEventAndARemovedOneLosesIt() {
        resolver = SecretResolver.builder().provider(ManagerDefinition.of("m", "aws", Map.of()), store).ticker(store.ticker()).build();
        metrics = SecretrefMetrics.bind(resolver, registry);

        resolver.defineManager(ManagerDefinition.of("env", "env", Map.of()));
        resolver.resolveString("{{env|ap_sep_v1|PATH}}");
        assertThat(size("env").value()).isEqualTo(1);
        assertThat(size("env").getId().getTag("provider")).isEqualTo("env");

        resolver.removeManager("env");
        assertThat(size("env")).isNull();
        assertThat(size("m")).isNotNull();
    }

    @Test
    void aManagerReplacedWithAnotherProviderGetsAGaugeTaggedWithTheNewProvider() {
        resolver = SecretResolver.builder().provider(ManagerDefinition.of("env", "memory", Map.of()), store).ticker(store.ticker()).build();
        metrics = SecretrefMetrics.bind(resolver, registry);
        assertThat(size("env").getId().getTag("provider")).isEqualTo("memory");

        resolver.defineManager(ManagerDefinition.of("env", "env", Map.of()));

        assertThat(registry.find("secretref.cache.size").tag("manager", "env").gauges())
                .singleElement().satisfies(g -> assertThat(g.getId().getTag("provider")).isEqualTo("env"));
    }
}
