package dev.secretref.examples;

import dev.secretref.ConnectionStatus;
import dev.secretref.SecretResolver;
import java.util.Map;

/** The part the four provider examples share: connect, test, resolve one reference, show it redacted. */
final class ProviderExample {
    private ProviderExample() { }

    static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /**
     * Builds a resolver with one manager named after the provider, tests its connection and resolves
     * {@code {{id|ap_sep_v1|path}}}.
     *
     * @return what happened, without the value
     * @throws IllegalStateException when the connection test fails (its message says which step and what to check)
     */
    static String run(String providerId, Map<String, Object> config, String path) {
        // Build validates the config against the provider's descriptor (no network I/O yet).
        try (SecretResolver resolver = SecretResolver.builder().manager(providerId, providerId, config).build()) {
            // A cheap, least-privilege probe: the store is reachable and the credentials are accepted.
            ConnectionStatus status = resolver.testConnection(providerId);
            if (!status.connected()) {
                throw new IllegalStateException("connection test failed: " + status.message());
            }
            String reference = "{{" + providerId + "|ap_sep_v1|" + path + "}}";
            String secret = resolver.resolveString(reference);
            return reference + " resolved: " + Redacted.of(secret);
        }
    }
}
