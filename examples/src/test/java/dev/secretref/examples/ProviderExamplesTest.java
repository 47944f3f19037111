package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretref.SecretResolver;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The provider examples: their config is read from the environment as documented, and the resolver they
 * build is valid for the provider's descriptor (no network). Against a real store they run only when its
 * variables are set; otherwise those tests are skipped.
 */
final class ProviderExamplesTest {
    private static final Map<String, String> ENV = System.getenv();

    private static boolean onClassPath(String providerId) {
        return SecretResolver.availableProviders().stream().anyMatch(d -> d.id().equals(providerId));
    }

    /** The resolver builds: every key the example sets is one the provider knows, and none is missing. */
    private static void assertBuilds(String providerId, Map<String, Object> config) {
        assumeTrue(onClassPath(providerId), "provider " + providerId + " is not on the class path");
        try (SecretResolver resolver = SecretResolver.builder().manager(providerId, providerId, config).build()) {
            assertThat(resolver.managerNames()).containsExactly(providerId);
        }
    }

    private static void runAgainstRealStore(String providerId, Optional<Map<String, Object>> config, String pathVariable) {
        assumeTrue(config.isPresent() && ProviderExample.present(ENV, pathVariable),
                "set the variables in the example's comment to run it against a real store");
        assumeTrue(onClassPath(providerId), "provider " + providerId + " is not on the class path");
        assertThat(ProviderExample.run(providerId, config.get(), ENV.get(pathVariable))).contains("resolved: ██");
    }

    @Test
    void awsConfigFromEnvironment() {
        assertThat(AwsSecretsManagerExample.config(Map.of())).isEmpty();
        Map<String, Object> config = AwsSecretsManagerExample.config(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example-secret")).orElseThrow();
        assertThat(config).containsOnlyKeys("region", "accessKeyId", "secretAccessKey");
        assertBuilds("aws", config);
    }

    @Test
    void awsAgainstARealStore() {
        runAgainstRealStore("aws", AwsSecretsManagerExample.config(ENV), AwsSecretsManagerExample.PATH_VARIABLE);
    }

    @Test
    void vaultConfigFromEnvironment() {
        assertThat(HashiCorpVaultExample.config(Map.of("VAULT_ADDR", "http://127.0.0.1:8200"))).isEmpty();
        Map<String, Object> token = HashiCorpVaultExample.config(Map.of("VAULT_ADDR", "http://127.0.0.1:8200", "VAULT_TOKEN", "hvs.example")).orElseThrow();
        Map<String, Object> appRole = HashiCorpVaultExample.config(Map.of("VAULT_ADDR", "http://127.0.0.1:8200",
                "VAULT_ROLE_ID", "role", "VAULT_SECRET_ID", "secret", "VAULT_TOKEN", "ignored")).orElseThrow();
        assertThat(token).containsOnlyKeys("url", "token");
        assertThat(appRole).containsOnlyKeys("url", "roleId", "secretId");
        assertBuilds("hashicorp", token);
    }

    @Test
    void vaultAgainstARealStore() {
        runAgainstRealStore("hashicorp", HashiCorpVaultExample.config(ENV), HashiCorpVaultExample.PATH_VARIABLE);
    }

    @Test
    void conjurConfigFromEnvironment() {
        assertThat(ConjurExample.config(Map.of("CONJUR_APPLIANCE_URL", "https://conjur.example"))).isEmpty();
        Map<String, Object> config = ConjurExample.config(Map.of("CONJUR_APPLIANCE_URL", "https://conjur.example",
                "CONJUR_ACCOUNT", "myorg", "CONJUR_AUTHN_LOGIN", "host/apps/billing", "CONJUR_AUTHN_API_KEY", "example-key")).orElseThrow();
        assertThat(config).containsOnlyKeys("url", "organizationAccountName", "loginId", "apiKey");
        assertBuilds("cyberark-conjur", config);
    }

    @Test
    void conjurAgainstARealStore() {
        runAgainstRealStore("cyberark-conjur", ConjurExample.config(ENV), ConjurExample.PATH_VARIABLE);
    }

    @Test
    void onePasswordConfigFromEnvironment() {
        assertThat(OnePasswordExample.config(Map.of())).isEmpty();
        Map<String, Object> connect = OnePasswordExample.config(Map.of("OP_CONNECT_HOST", "http://localhost:8080",
                "OP_CONNECT_TOKEN", "example-token")).orElseThrow();
        Map<String, Object> serviceAccount = OnePasswordExample.config(Map.of("OP_SERVICE_ACCOUNT_TOKEN", "ops_example")).orElseThrow();
        assertThat(connect).containsOnlyKeys("connectHost", "connectToken");
        assertThat(serviceAccount).containsOnlyKeys("serviceAccountToken");
        assertBuilds("onepassword", connect);
    }

    @Test
    void onePasswordAgainstARealStore() {
        runAgainstRealStore("onepassword", OnePasswordExample.config(ENV), OnePasswordExample.PATH_VARIABLE);
    }
}
