package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config checks: exactly one explicit auth method or none, every problem in one INVALID_CONFIG error, no network I/O. */
final class AzureConfigTest {
    private static final String VAULT = "https://my-vault.vault.azure.net";
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    private static Map<String, Object> base() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("vaultUrl", VAULT);
        return c;
    }

    private static SecretManagerException invalid(Map<String, Object> config) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> AzureSettings.from(
                ProviderConfig.of("kv", new AzureProviderFactory().descriptor(), config)));
        assertThat(e).as("config %s", config.keySet()).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        return e;
    }

    private static AzureSettings valid(Map<String, Object> config) {
        return AzureSettings.from(ProviderConfig.of("kv", new AzureProviderFactory().descriptor(), config));
    }

    @Test
    void noCredentialMeansDefaultAzureCredential() {
        assertThat(valid(base()).auth).isEqualTo(AzureSettings.Auth.DEFAULT_CHAIN);
    }

    @Test
    void servicePrincipalWithSecretOrCertificateAndManagedIdentityAreAccepted() {
        Map<String, Object> sp = base();
        sp.put("tenantId", "contoso.onmicrosoft.com");
        sp.put("clientId", "c1");
        sp.put("clientSecret", "s3cr3t");
        assertThat(valid(sp).auth).isEqualTo(AzureSettings.Auth.CLIENT_SECRET);

        sp.remove("clientSecret");
        sp.put("clientCertificate", PEM);
        assertThat(valid(sp).auth).isEqualTo(AzureSettings.Auth.CLIENT_CERTIFICATE);

        Map<String, Object> mi = base();
        mi.put("managedIdentityClientId", "mi-1");
        assertThat(valid(mi).auth).isEqualTo(AzureSettings.Auth.MANAGED_IDENTITY);
    }

    @Test
    void everyProblemIsNamedInOneError() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("vaultUrl", "http://my-vault.vault.azure.net/secrets");
        c.put("clientSecret", "s3cr3t-not-shown");
        c.put("managedIdentityClientId", "mi-1");
        c.put("maxConcurrency", "0");
        c.put("maxRetries", "99");
        c.put("writePrefix", "bad_prefix/");
        c.put("authorityHost", "http://login.example");
        c.put("tenantId", "not a tenant P4SS");

        SecretManagerException e = invalid(c);
        assertThat(e.getMessage()).contains("tenantId must be a directory id").doesNotContain("P4SS");

        assertThat(e.getMessage()).contains("exactly one of clientSecret, clientCertificate")
                .contains("https://").contains("without a path").contains("maxConcurrency").contains("maxRetries")
                .contains("writePrefix").contains("authorityHost").doesNotContain("s3cr3t-not-shown");
    }

    @Test
    void aServicePrincipalNeedsTenantAndClient() {
        Map<String, Object> c = base();
        c.put("clientSecret", "s3cr3t-not-shown");

        assertThat(invalid(c).getMessage()).contains("needs tenantId").contains("needs clientId").doesNotContain("s3cr3t-not-shown");
    }

    @Test
    void tenantAndClientWithoutACredentialAreRefused() {
        Map<String, Object> c = base();
        c.put("tenantId", "t");
        c.put("clientId", "c");

        assertThat(invalid(c).getMessage()).contains("need clientSecret or clientCertificate");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        Map<String, Object> c = base();
        c.put("tenantId", "t");
        c.put("clientId", "c");
        c.put("clientCertificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        assertThat(invalid(c).getMessage()).contains("private key");
    }

    @Test
    void unknownKeysAreRefusedByTheDescriptor() {
        Map<String, Object> c = base();
        c.put("vaultName", "x");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> ProviderConfig.of("kv", new AzureProviderFactory().descriptor(), c));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("vaultName");
    }

    @Test
    void creatingAProviderDoesNoNetworkIoAndHidesCredentialsInToString() {
        Map<String, Object> c = base();
        c.put("vaultUrl", "https://unreachable.invalid");
        c.put("tenantId", "t");
        c.put("clientId", "c");
        c.put("clientSecret", "s3cr3t-not-shown");

        assertThatCode(() -> Fixtures.provider(c).close()).doesNotThrowAnyException();
        assertThat(Fixtures.provider(c).toString()).contains("clientSecret=██").doesNotContain("s3cr3t-not-shown");
    }

    @Test
    void descriptorMarksCredentialsSensitive() {
        var d = new AzureProviderFactory().descriptor();
        assertThat(d.field("clientSecret").orElseThrow().isSensitive()).isTrue();
        assertThat(d.field("clientCertificate").orElseThrow().isSensitive()).isTrue();
        assertThat(d.field("vaultUrl").orElseThrow().isRequired()).isTrue();
        assertThat(d.pathFormat()).isEqualTo("secretName[:jsonKey][?version=ID]");
    }
}
