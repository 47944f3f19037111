package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MetricsAndAuditLog} runs and counts what it says, with no path or value in any meter. */
final class MetricsAndAuditLogExampleTest {
    @Test
    void theExampleCountsAMissALoadAHitADenialAndAFailure() {
        Map<String, Double> counters = MetricsAndAuditLog.run(new SimpleMeterRegistry());

        assertThat(counters).containsEntry("secretref.cache.hits{manager=acme-vault,provider=hashicorp}", 1.0)
                .containsEntry("secretref.cache.misses{manager=acme-vault,provider=hashicorp}", 2.0)
                .containsEntry("secretref.loads{manager=acme-vault,provider=hashicorp}", 1.0)
                .containsEntry("secretref.load.failures{code=SECRET_MANAGER_GET_SECRET_FAILED,manager=acme-vault,provider=hashicorp,reason=NOT_FOUND}", 1.0)
                .containsEntry("secretref.references{manager=acme-vault,outcome=resolved,provider=hashicorp,reason=none}", 2.0)
                .containsEntry("secretref.references{manager=acme-vault,outcome=denied,provider=hashicorp,reason=SCOPE_DENIED}", 1.0)
                .containsEntry("secretref.references{manager=acme-vault,outcome=failed,provider=hashicorp,reason=NOT_FOUND}", 1.0);
        assertThat(counters.keySet()).noneMatch(k -> k.contains("crm/") || k.contains("acme-token"));
    }
}
