package dev.secretref.examples;

import dev.secretref.AuditLog;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.ManagerDefinition;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.micrometer.SecretrefMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * Observability: Micrometer meters for a resolver ({@link SecretrefMetrics#bind}) and an audit trail of who
 * resolved which reference ({@link AuditLog}, logger {@code dev.secretref.audit}). Neither ever records a
 * value; meter tags never hold a path either. See {@code docs/micrometer.md} and {@code docs/audit.md}.
 */
public final class MetricsAndAuditLog {
    private MetricsAndAuditLog() { }

    public static void main(String[] args) {
        run(new SimpleMeterRegistry()).forEach((meter, count) -> System.out.printf("%-70s %s%n", meter, count));
    }

    /** Resolves a few references (one denied, one missing) and returns every counter as "name{tags}" -> count. */
    static Map<String, Double> run(MeterRegistry registry) {
        try (SecretResolver resolver = SecretResolver.builder()
                .provider(ManagerDefinition.of("acme-vault", "hashicorp", Map.of()).scope(Scope.projects("acme")),
                        new InMemorySecretProvider(Map.of("crm/token", "acme-token")))
                .listener(AuditLog.create())                      // one event per resolved / denied / failed reference
                .build();
             SecretrefMetrics metrics = SecretrefMetrics.bind(resolver, registry)) {

            ResolutionContext acme = ResolutionContext.project("acme");
            resolver.resolveString("{{acme-vault|ap_sep_v1|crm/token}}", acme);       // miss, load
            resolver.resolveString("{{acme-vault|ap_sep_v1|crm/token}}", acme);       // hit
            attempt(() -> resolver.resolveString("{{acme-vault|ap_sep_v1|crm/token}}", ResolutionContext.project("globex")));
            attempt(() -> resolver.resolveString("{{acme-vault|ap_sep_v1|crm/missing}}", acme));

            Map<String, Double> counters = new TreeMap<>();
            for (Counter c : registry.find("secretref.cache.hits").counters()) counters.put(key(c), c.count());
            for (Counter c : registry.find("secretref.cache.misses").counters()) counters.put(key(c), c.count());
            for (Counter c : registry.find("secretref.loads").counters()) counters.put(key(c), c.count());
            for (Counter c : registry.find("secretref.load.failures").counters()) counters.put(key(c), c.count());
            for (Counter c : registry.find("secretref.references").counters()) counters.put(key(c), c.count());
            return counters;
        }
    }

    private static String key(Counter c) {
        StringBuilder b = new StringBuilder(c.getId().getName()).append('{');
        c.getId().getTags().forEach(t -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(t.getKey()).append('=').append(t.getValue()));
        return b.append('}').toString();
    }

    private static void attempt(Runnable call) {
        try {
            call.run();
        } catch (SecretManagerException expected) {
            // counted and audited; the application handles it as it would any failed reference
        }
    }
}
