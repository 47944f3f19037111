package dev.secretref.examples;

import dev.secretref.SecretResolver;
import java.util.List;
import java.util.Map;

/**
 * Resolve the secret references in a configuration map.
 *
 * <p>Configuration holds references such as {@code {{vault|ap_sep_v1|secret/data/db/password}}} instead of
 * secrets. {@link SecretResolver#resolve(Object)} walks maps, lists and strings, finds every reference,
 * fetches each distinct one once (in one batch per manager) and returns a new structure; the input is
 * never changed. Text that merely looks like a template ({@code {{step_1.output}}}) passes through.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.secretref.examples.ResolveConfigMap}
 */
public final class ResolveConfigMap {
    private ResolveConfigMap() { }

    public static void main(String[] args) {
        Map<String, Object> config = run();
        @SuppressWarnings("unchecked")
        Map<String, Object> db = (Map<String, Object>) config.get("database");
        System.out.println("database.url      = " + Redacted.of(db.get("url")));
        System.out.println("database.password = " + Redacted.of(db.get("password")));
        System.out.println("webhooks          = " + ((List<?>) config.get("webhooks")).size() + " entries, resolved");
        System.out.println("template          = " + config.get("template") + "   (not a reference: untouched)");
    }

    static Map<String, Object> run() {
        // A manager is a named connection to a store. Here the embedded "memory" provider stands in for a
        // real one; with secretref-provider-vault on the class path this would be
        //   .manager("vault", "hashicorp", Map.of("url", "https://vault:8200", "token", System.getenv("VAULT_TOKEN")))
        Map<String, Object> store = Map.of("values", Map.of(
                "secret/data/db/password", "s3cr3t",
                "secret/data/hooks/slack", "https://hooks.slack.example/T000/B000/XXXX"));
        try (SecretResolver resolver = SecretResolver.builder().manager("vault", "memory", store).build()) {

            Map<String, Object> config = Map.of(
                    "database", Map.of(
                            // a whole-string reference becomes the secret
                            "password", "{{vault|ap_sep_v1|secret/data/db/password}}",
                            // references inside a longer string are interpolated
                            "url", "postgres://app:{{vault|ap_sep_v1|secret/data/db/password}}@db:5432/app",
                            "pool", 10),
                    "webhooks", List.of("{{vault|ap_sep_v1|secret/data/hooks/slack}}"),
                    "template", "Hello {{step_1.output}}");

            // One call resolves the whole tree; the same reference twice is fetched once.
            return resolver.resolve(config);
        }
    }
}
