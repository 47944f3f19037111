package dev.secretref.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every meter of every kind of event: tag keys are a fixed set, and no name or tag holds a path or a value. */
final class MeterTagsNeverHoldAPathOrValueTest {
    private static final String VALUE = "s3cr3t-VALUE-1b7";
    private static final String PATH = "tenant-42/db:password";
    private static final List<String> FORBIDDEN = List.of(VALUE, "tenant-42", "db:password", "missing-path", "other/zone");

    @Test
    void noMeterNameOrTagHoldsAPathOrAValue() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TimedStore store = new TimedStore(Map.of(PATH, VALUE));
        MapSharedCache shared = new MapSharedCache();
        try (SecretResolver resolver = SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "aws", Map.of()).allowPaths("tenant-42/**", "missing-path"), store)
                .provider(ManagerDefinition.of("scoped", "hashicorp", Map.of()).scope(Scope.projects("p1")), store)
                .cachePolicy(CachePolicy.builder().ttl(Duration.ofMinutes(1)).maxStale(Duration.ofMinutes(5)).build())
                .ticker(store.ticker())
                .sharedCache(shared)
                .build();
             SecretrefMetrics ignored = SecretrefMetrics.bind(resolver, registry)) {
            resolver.resolveString("{{m|ap_sep_v1|" + PATH + "}}");                                        // miss, load
            resolver.resolveString("{{m|ap_sep_v1|" + PATH + "}}");                                        // hit
            catchThrowable(() -> resolver.resolveString("{{m|ap_sep_v1|missing-path}}"));                   // not found
            catchThrowable(() -> resolver.resolveString("{{m|ap_sep_v1|other/zone}}"));                     // allow-list
            catchThrowable(() -> resolver.resolveString("{{scoped|ap_sep_v1|" + PATH + "}}", ResolutionContext.project("p2")));
            store.advance(Duration.ofMinutes(2));
            store.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("down").build());
            resolver.resolveString("{{m|ap_sep_v1|" + PATH + "}}");                                        // stale
            resolver.invalidate("m", PATH);
            resolver.invalidate("m");
            shared.values.put("m|" + PATH, VALUE);
            store.recover();
            resolver.resolveString("{{m|ap_sep_v1|" + PATH + "}}");                                        // shared hit

            assertThat(registry.getMeters()).hasSizeGreaterThan(10);
            for (Meter meter : registry.getMeters()) {
                assertThat(meter.getId().getName()).startsWith("secretref.");
                for (Tag tag : meter.getId().getTags()) {
                    assertThat(tag.getKey()).isIn("manager", "provider", "result", "code", "reason", "outcome", "scope");
                    for (String forbidden : FORBIDDEN) {
                        assertThat(tag.getValue()).as("%s tag %s", meter.getId().getName(), tag.getKey()).doesNotContain(forbidden);
                    }
                }
            }
            assertThat(registry.getMetersAsString()).doesNotContain(VALUE).doesNotContain("tenant-42");
        }
    }
}
