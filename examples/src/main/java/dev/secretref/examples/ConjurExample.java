package dev.secretref.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resolver for CyberArk Conjur (provider {@code cyberark-conjur}, module secretref-provider-conjur),
 * configured from the environment variables Conjur's own clients use:
 * <pre>
 * CONJUR_APPLIANCE_URL=https://conjur.example   required
 * CONJUR_ACCOUNT=myorg                          required (organizationAccountName)
 * CONJUR_AUTHN_LOGIN=host/apps/billing          required (loginId)
 * CONJUR_AUTHN_API_KEY=...                      required (apiKey)
 * EXAMPLE_CONJUR_VARIABLE=prod/db/password      the variable id to resolve
 * </pre>
 * The host needs {@code execute} on that variable.
 */
public final class ConjurExample {
    static final String PATH_VARIABLE = "EXAMPLE_CONJUR_VARIABLE";
    private static final String[] REQUIRED = {"CONJUR_APPLIANCE_URL", "CONJUR_ACCOUNT", "CONJUR_AUTHN_LOGIN", "CONJUR_AUTHN_API_KEY"};

    private ConjurExample() { }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Optional<Map<String, Object>> config = config(env);
        if (config.isEmpty() || !ProviderExample.present(env, PATH_VARIABLE)) {
            System.out.println("Set " + String.join(", ", REQUIRED) + " and " + PATH_VARIABLE + " to run this example.");
            return;
        }
        System.out.println(ProviderExample.run("cyberark-conjur", config.get(), env.get(PATH_VARIABLE)));
    }

    /** The manager config the environment describes, or empty when a required variable is missing. */
    static Optional<Map<String, Object>> config(Map<String, String> env) {
        for (String name : REQUIRED) {
            if (!ProviderExample.present(env, name)) return Optional.empty();
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", env.get("CONJUR_APPLIANCE_URL"));
        config.put("organizationAccountName", env.get("CONJUR_ACCOUNT"));
        config.put("loginId", env.get("CONJUR_AUTHN_LOGIN"));
        config.put("apiKey", env.get("CONJUR_AUTHN_API_KEY"));
        return Optional.of(config);
    }
}
