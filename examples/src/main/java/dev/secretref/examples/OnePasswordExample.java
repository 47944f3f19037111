package dev.secretref.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resolver for 1Password (provider {@code onepassword}, module secretref-provider-onepassword),
 * configured from the environment variables 1Password's own tools use:
 * <pre>
 * OP_SERVICE_ACCOUNT_TOKEN=ops_...            a service account (through the op CLI), or
 * OP_CONNECT_HOST=http://connect:8080 OP_CONNECT_TOKEN=...   a 1Password Connect server
 * EXAMPLE_OP_REFERENCE=op://vault/item/field  the secret reference to resolve
 * </pre>
 * The service account or Connect token needs read access to that vault.
 */
public final class OnePasswordExample {
    static final String PATH_VARIABLE = "EXAMPLE_OP_REFERENCE";

    private OnePasswordExample() { }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Optional<Map<String, Object>> config = config(env);
        if (config.isEmpty() || !ProviderExample.present(env, PATH_VARIABLE)) {
            System.out.println("Set OP_SERVICE_ACCOUNT_TOKEN (or OP_CONNECT_HOST and OP_CONNECT_TOKEN) and " + PATH_VARIABLE
                    + " to run this example.");
            return;
        }
        System.out.println(ProviderExample.run("onepassword", config.get(), env.get(PATH_VARIABLE)));
    }

    /** The manager config the environment describes: Connect when both its variables are set, else a service account. */
    static Optional<Map<String, Object>> config(Map<String, String> env) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (ProviderExample.present(env, "OP_CONNECT_HOST") && ProviderExample.present(env, "OP_CONNECT_TOKEN")) {
            config.put("connectHost", env.get("OP_CONNECT_HOST"));
            config.put("connectToken", env.get("OP_CONNECT_TOKEN"));
        } else if (ProviderExample.present(env, "OP_SERVICE_ACCOUNT_TOKEN")) {
            config.put("serviceAccountToken", env.get("OP_SERVICE_ACCOUNT_TOKEN"));
        } else {
            return Optional.empty();
        }
        return Optional.of(config);
    }
}
