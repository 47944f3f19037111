package dev.secretref.examples;

import dev.secretref.InMemorySecretProvider;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scoped resolution: in a multi-tenant platform each customer brings their own vault, and one customer's
 * workflows must never read another's.
 *
 * <p>Limit a manager to projects with {@link ManagerDefinition#scope(Scope)} and say who is resolving
 * with {@link ResolutionContext#project(String)}. A reference to a manager outside the caller's scope fails
 * with {@code SCOPE_DENIED} before any cache or network access. Without a context only platform-wide
 * managers are usable (least privilege).
 */
public final class ScopedResolutionPerProject {
    private ScopedResolutionPerProject() { }

    public static void main(String[] args) {
        run().forEach((call, outcome) -> System.out.printf("%-48s -> %s%n", call, outcome));
    }

    /** Each attempted call and its outcome ("resolved" or the failure reason). */
    static Map<String, String> run() {
        try (SecretResolver resolver = SecretResolver.builder()
                // the platform's own store: usable by everyone
                .manager("platform", "memory", Map.of("values", Map.of("smtp/password", "platform-smtp")))
                // each customer's store, limited to that customer's project
                .manager(ManagerDefinition.of("acme-vault", "memory", Map.of("values", Map.of("crm/token", "acme-token")))
                        .scope(Scope.projects("acme")))
                // a ready provider instance can be scoped too
                .provider("globex-vault", new InMemorySecretProvider(Map.of("crm/token", "globex-token")), Scope.projects("globex"))
                .build()) {

            Map<String, String> outcomes = new LinkedHashMap<>();
            attempt(outcomes, resolver, "acme resolves its own token", "{{acme-vault|ap_sep_v1|crm/token}}", ResolutionContext.project("acme"));
            attempt(outcomes, resolver, "acme resolves a platform secret", "{{platform|ap_sep_v1|smtp/password}}", ResolutionContext.project("acme"));
            attempt(outcomes, resolver, "acme tries globex's token", "{{globex-vault|ap_sep_v1|crm/token}}", ResolutionContext.project("acme"));
            attempt(outcomes, resolver, "no project context tries acme's token", "{{acme-vault|ap_sep_v1|crm/token}}", ResolutionContext.none());
            return outcomes;
        }
    }

    private static void attempt(Map<String, String> outcomes, SecretResolver resolver, String call, String reference,
                                ResolutionContext context) {
        try {
            String secret = resolver.resolveString(reference, context);
            outcomes.put(call, "resolved " + Redacted.of(secret));
        } catch (SecretManagerException e) {
            // e.reason() tells the platform what to show: SCOPE_DENIED is the customer's configuration, not an outage
            outcomes.put(call, e.reason() == Reason.SCOPE_DENIED ? "SCOPE_DENIED" : e.reason().name());
        }
    }
}
