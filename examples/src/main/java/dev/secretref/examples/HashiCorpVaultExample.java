package dev.secretref.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resolver for HashiCorp Vault (provider {@code hashicorp}, module secretref-provider-vault), configured
 * from the environment Vault's own CLI uses:
 * <pre>
 * VAULT_ADDR=https://vault.example:8200      required
 * VAULT_TOKEN=...                            a token, or
 * VAULT_ROLE_ID=... VAULT_SECRET_ID=...      AppRole credentials
 * VAULT_NAMESPACE=...                        optional (Vault Enterprise / HCP)
 * EXAMPLE_VAULT_SECRET=secret/data/api/token the path to resolve: mount/data/path/key (KV v2) or mount/path/key
 * </pre>
 * The token's policy needs {@code read} on that path.
 */
public final class HashiCorpVaultExample {
    static final String PATH_VARIABLE = "EXAMPLE_VAULT_SECRET";

    private HashiCorpVaultExample() { }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Optional<Map<String, Object>> config = config(env);
        if (config.isEmpty() || !ProviderExample.present(env, PATH_VARIABLE)) {
            System.out.println("Set VAULT_ADDR, VAULT_TOKEN (or VAULT_ROLE_ID and VAULT_SECRET_ID) and " + PATH_VARIABLE
                    + " to run this example.");
            return;
        }
        System.out.println(ProviderExample.run("hashicorp", config.get(), env.get(PATH_VARIABLE)));
    }

    /** The manager config the environment describes, or empty without VAULT_ADDR and one way to log in. */
    static Optional<Map<String, Object>> config(Map<String, String> env) {
        if (!ProviderExample.present(env, "VAULT_ADDR")) return Optional.empty();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", env.get("VAULT_ADDR"));
        if (ProviderExample.present(env, "VAULT_ROLE_ID") && ProviderExample.present(env, "VAULT_SECRET_ID")) {
            config.put("roleId", env.get("VAULT_ROLE_ID"));
            config.put("secretId", env.get("VAULT_SECRET_ID"));
        } else if (ProviderExample.present(env, "VAULT_TOKEN")) {
            config.put("token", env.get("VAULT_TOKEN"));
        } else {
            return Optional.empty();
        }
        if (ProviderExample.present(env, "VAULT_NAMESPACE")) config.put("namespace", env.get("VAULT_NAMESPACE"));
        return Optional.of(config);
    }
}
