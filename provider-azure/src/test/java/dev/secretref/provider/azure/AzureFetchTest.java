package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads through the SDK against {@link FakeKeyVault}: whole values, JSON keys, pinned versions, and the secrets Key
 * Vault keeps but will not serve (disabled, outside nbf/exp, soft-deleted). Shapes:
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secret/get-secret
 */
final class AzureFetchTest {
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final AzureSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void readsTheWholeValueAfterTheChallengeAndOneToken() {
        fake.put("db-password", "s3cr3t");

        assertThat(provider.fetch("db-password")).isEqualTo("s3cr3t");
        assertThat(provider.fetch("db-password")).isEqualTo("s3cr3t");

        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.unexpected()).isEmpty();
    }

    @Test
    void aServicePrincipalWithAClientCertificateGetsItsTokenWithASignedAssertion() {
        fake.put("db-password", "s3cr3t");
        fake.acceptClientCertificate(TestClientCertificate.get().certificate);
        java.util.Map<String, Object> config = Fixtures.config(fake);
        config.remove("clientSecret");
        config.put("clientCertificate", TestClientCertificate.get().pem);
        fake.rotateClientSecret("no-secret-is-valid-now");

        try (AzureSecretProvider p = Fixtures.provider(config)) {
            assertThat(p.fetch("db-password")).isEqualTo("s3cr3t");
            assertThat(p.toString()).contains("clientCertificate=██").doesNotContain("PRIVATE KEY");
        }
        assertThat(fake.tokenRequests()).isEqualTo(1);
    }

    @Test
    void readsAKeyOfAJsonValueWithAwsTextRules() {
        fake.put("api-keys", "{\"slack_token\":\"xoxb-1\",\"port\":5432,\"on\":false,\"nested\":{\"a\":[1,2]},\"nil\":null}");

        assertThat(provider.fetch("api-keys:slack_token")).isEqualTo("xoxb-1");
        assertThat(provider.fetch("api-keys:port")).isEqualTo("5432");
        assertThat(provider.fetch("api-keys:on")).isEqualTo("false");
        assertThat(provider.fetch("api-keys:nested")).isEqualTo("{\"a\":[1,2]}");
        assertThat(provider.fetch("api-keys:nil")).isEqualTo("null");
    }

    @Test
    void readsAPinnedVersion() {
        fake.put("rotating", "old").put("rotating", "new");
        String oldVersion = fake.versions("rotating").get(0).id;

        assertThat(provider.fetch("rotating")).isEqualTo("new");
        assertThat(provider.fetch("rotating?version=" + oldVersion)).isEqualTo("old");
    }

    @Test
    void missingKeyIsNotFoundNamingTheKey() {
        fake.put("api-keys", "{\"a\":\"1\"}");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("api-keys:b"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("'b'");
    }

    @Test
    void disabledSecretIsNotFoundSayingDisabled() {
        fake.put("off", "value-of-off", null, false, null, null);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("off"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("disabled").doesNotContain("value-of-off");
    }

    @Test
    void secretBeforeItsNotBeforeDateIsNotFoundSayingNotValidYet() {
        fake.put("future", "v", null, true, Fixtures.NOW.plusSeconds(3600), null);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("future"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("not valid yet").contains("nbf");
    }

    @Test
    void expiredSecretIsNotFoundSayingExpired() {
        fake.put("old", "v", null, true, null, Instant.parse("2026-01-01T00:00:00Z"));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("old"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("expired").contains("2026-01-01T00:00:00Z");
    }

    @Test
    void softDeletedSecretIsNotFoundSayingSoftDeleted() {
        fake.put("gone", "v");
        fake.softDelete("gone");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("gone"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("soft-deleted").contains("recover");
    }

    @Test
    void neverExistingSecretIsPlainNotFound() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("never"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("has no secret 'never'").doesNotContain("soft-deleted (");
        assertThat(e.path()).isEqualTo("never");
    }
}
