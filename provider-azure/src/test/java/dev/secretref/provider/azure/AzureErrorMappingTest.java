package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The error table against {@link FakeKeyVault}: Key Vault JSON errors
 * (https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes), 403 inner codes naming the role or
 * access policy, Entra ID AADSTS rejections
 * (https://learn.microsoft.com/en-us/azure/active-directory/develop/reference-aadsts-error-codes), 429 with
 * Retry-After (https://learn.microsoft.com/en-us/azure/key-vault/general/overview-throttling), transport failures.
 */
final class AzureErrorMappingTest {
    private final FakeKeyVault fake = FakeKeyVault.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private SecretManagerException fetchFails(Map<String, Object> config, String path) {
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            return catchThrowableOfType(SecretManagerException.class, () -> p.fetch(path));
        }
    }

    @Test
    void forbiddenByRbacIsAccessDeniedNamingTheSecretsUserRole() {
        fake.put("db", "v");
        fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.\r\nAction: "
                + "'Microsoft.KeyVault/vaults/secrets/getSecret/action'");

        SecretManagerException e = fetchFails(Fixtures.config(fake), "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Key Vault Secrets User").contains("ForbiddenByRbac").contains("'db'");
    }

    @Test
    void accessPolicyDenialNamesThePermission() {
        fake.forbid("AccessDenied", "The user, group or application 'appid=…' does not have secrets get permission on key vault.");

        SecretManagerException e = fetchFails(Fixtures.config(fake), "db");

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("access policies").contains("'Get'");
    }

    @Test
    void policyDenialIsAccessDeniedNamingPolicy() {
        fake.forbid("ForbiddenByPolicy", "Operation not allowed by policy.");

        SecretManagerException e = fetchFails(Fixtures.config(fake), "db");

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Azure Policy");
    }

    @Test
    void wrongClientSecretIsAuthenticationFailedWithTheAadstsCode() {
        fake.rotateClientSecret("a-newer-secret-value");

        SecretManagerException e = fetchFails(Fixtures.config(fake), "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("AADSTS7000215").contains("clientSecret")
                .doesNotContain(FakeKeyVault.CLIENT_SECRET).doesNotContain("Trace ID");
    }

    @Test
    void unknownTenantIsAuthenticationFailedSayingCheckTenantId() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        fake.challengeTenant(unknown);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("tenantId", unknown);
        fake.put("db", "v");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("AADSTS90002").contains("tenantId");
    }

    @Test
    void throttlingIsRetriedHonouringRetryAfterThenSucceeds() {
        fake.put("db", "v");
        fake.throttle(2, 0);

        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            assertThat(p.fetch("db")).isEqualTo("v");
        }
        assertThat(fake.count("GET /secrets/db")).isEqualTo(1 + 2 + 1);   // challenge, two 429s, the answer
    }

    @Test
    void persistentThrottlingIsThrottledAfterBoundedRetries() {
        fake.put("db", "v");
        fake.throttle(100, 0);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxRetries", "2");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(fake.count("GET /secrets/db")).isEqualTo(1 + 3);   // challenge, then 1 try + 2 retries
    }

    @Test
    void serverErrorsAfterRetriesAreUnreachable() {
        fake.put("db", "v");
        fake.failWithServerError(100);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxRetries", "0");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void noAnswerWithinReadTimeoutIsTimeout() {
        fake.put("db", "v");
        Map<String, Object> config = Fixtures.config(fake);
        config.put("readTimeout", "400ms");
        config.put("maxRetries", "0");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            p.checkConnection();   // token and challenge first, so the stall hits the read itself
            fake.stallSecretGets();

            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("db"));

            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("readTimeout");
        }
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> config = Fixtures.config(fake);
        config.put("vaultUrl", "https://127.0.0.1:" + port);
        config.put("maxRetries", "0");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void untrustedCertificateIsUnreachableSayingCaCertificate() {
        Map<String, Object> config = Fixtures.config(fake);
        config.remove("caCertificate");
        config.put("maxRetries", "0");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("caCertificate");
    }

    @Test
    void challengeForAnotherResourceIsRefusedUnlessVerificationIsDisabled() {
        fake.put("db", "v");
        Map<String, Object> config = Fixtures.config(fake);
        config.remove("disableChallengeResourceVerification");

        SecretManagerException e = fetchFails(config, "db");

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("disableChallengeResourceVerification");
        assertThat(fake.tokenRequests()).isZero();
    }
}
