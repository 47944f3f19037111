package dev.secretref.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resolver for AWS Secrets Manager (provider {@code aws}, module secretref-provider-aws), configured from
 * the environment:
 * <pre>
 * AWS_REGION=eu-west-1                       required
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY  optional; without them the AWS SDK default chain is used
 * AWS_SESSION_TOKEN                          optional, with temporary keys
 * AWS_ENDPOINT_URL                           optional (LocalStack and the like)
 * EXAMPLE_AWS_SECRET=prod/api-keys:slack_token   the path to resolve: secretName[:jsonKey]
 * </pre>
 * The IAM identity needs {@code secretsmanager:GetSecretValue} on that secret.
 */
public final class AwsSecretsManagerExample {
    static final String PATH_VARIABLE = "EXAMPLE_AWS_SECRET";

    private AwsSecretsManagerExample() { }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Optional<Map<String, Object>> config = config(env);
        if (config.isEmpty() || !ProviderExample.present(env, PATH_VARIABLE)) {
            System.out.println("Set AWS_REGION and " + PATH_VARIABLE + " (and credentials) to run this example.");
            return;
        }
        System.out.println(ProviderExample.run("aws", config.get(), env.get(PATH_VARIABLE)));
    }

    /** The manager config the environment describes, or empty when AWS_REGION is not set. */
    static Optional<Map<String, Object>> config(Map<String, String> env) {
        if (!ProviderExample.present(env, "AWS_REGION")) return Optional.empty();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("region", env.get("AWS_REGION"));
        if (ProviderExample.present(env, "AWS_ACCESS_KEY_ID") && ProviderExample.present(env, "AWS_SECRET_ACCESS_KEY")) {
            config.put("accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
            config.put("secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
            if (ProviderExample.present(env, "AWS_SESSION_TOKEN")) config.put("sessionToken", env.get("AWS_SESSION_TOKEN"));
        }
        if (ProviderExample.present(env, "AWS_ENDPOINT_URL")) config.put("endpoint", env.get("AWS_ENDPOINT_URL"));
        return Optional.of(config);
    }
}
