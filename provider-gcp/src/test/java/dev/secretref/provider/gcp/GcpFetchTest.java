package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads against {@link FakeSecretManager}, whose shapes follow
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access (payload {@code data}
 * base64, {@code dataCrc32c} a decimal int64 string, https://cloud.google.com/secret-manager/docs/data-integrity),
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.locations.secrets.versions/access (regional)
 * and https://developers.google.com/identity/protocols/oauth2/service-account (the JWT grant the fake verifies).
 */
final class GcpFetchTest {
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    private GcpSecretProvider provider() {
        return Fixtures.provider(Fixtures.config(fake), context);
    }

    @Test
    void jsonKeysComeBackAsStoredTextOrJson() {
        fake.put("db", "{\"user\":\"app\",\"port\":5432,\"tls\":{\"mode\":\"verify-full\"},\"empty\":\"\"}");
        GcpSecretProvider p = provider();

        assertThat(p.fetch("db:user")).isEqualTo("app");
        assertThat(p.fetch("db:port")).isEqualTo("5432");
        assertThat(p.fetch("db:tls")).isEqualTo("{\"mode\":\"verify-full\"}");
        assertThat(p.fetch("db:empty")).isEmpty();
        assertThat(p.fetch("db")).startsWith("{\"user\"");
    }

    @Test
    void aMissingJsonKeyOrANonJsonPayloadIsNotFound() {
        fake.put("db", "{\"user\":\"app\"}");
        fake.put("plain", "just text");
        GcpSecretProvider p = provider();

        SecretManagerException noKey = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("db:password"));
        SecretManagerException notJson = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("plain:password"));

        assertThat(noKey.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(noKey.getMessage()).contains("no JSON key 'password'");
        assertThat(notJson.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(notJson.getMessage()).contains("not a JSON object");
    }

    @Test
    void versionSuffixReadsThatVersionAndTheDefaultIsLatest() {
        fake.put("token", "first");
        fake.put("token", "second");
        GcpSecretProvider p = provider();

        assertThat(p.fetch("token?version=1")).isEqualTo("first");
        assertThat(p.fetch("token")).isEqualTo("second");
        assertThat(p.fetch("token?version=latest")).isEqualTo("second");
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets/token/versions/1:access")).isEqualTo(1);
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets/token/versions/latest:access")).isEqualTo(2);
    }

    @Test
    void aResourceNameMayNameAnotherProject() {
        fake.putIn("shared-secrets-7", "common", "{\"k\":\"from-other-project\"}");
        GcpSecretProvider p = provider();

        assertThat(p.fetch("projects/shared-secrets-7/secrets/common:k")).isEqualTo("from-other-project");
        assertThat(fake.calls("GET /v1/projects/shared-secrets-7/secrets/common/versions/latest:access")).isEqualTo(1);
    }

    @Test
    void aRegionalManagerReadsThroughTheLocationsPath() {
        fake.putRegional("us-east1", "regional", "{\"k\":\"in-region\"}");
        Map<String, Object> config = Fixtures.config(fake);
        config.put("location", "us-east1");
        GcpSecretProvider p = Fixtures.provider(config, context);

        assertThat(p.fetch("regional:k")).isEqualTo("in-region");
        assertThat(p.fetch("projects/" + FakeSecretManager.PROJECT + "/locations/us-east1/secrets/regional:k")).isEqualTo("in-region");
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/locations/us-east1/secrets/regional/versions/latest:access"))
                .isEqualTo(2);
    }

    @Test
    void aPayloadThatIsNotUtf8ComesBackAsBase64() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41, (byte) 0xc3};
        fake.putBytes("blob", bytes);
        GcpSecretProvider p = provider();

        assertThat(Base64.getDecoder().decode(p.fetch("blob"))).isEqualTo(bytes);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("blob:key"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("not UTF-8").contains("base64");
    }

    @Test
    void aChecksumMismatchIsAProviderError() {
        fake.put("corrupt", "value-that-got-mangled");
        fake.corruptChecksum("corrupt");
        GcpSecretProvider p = provider();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("corrupt"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("CRC32C").doesNotContain("value-that-got-mangled");
        assertThat(e.path()).isEqualTo("corrupt");
    }

    @Test
    void aPayloadWithoutChecksumIsAccepted() {
        fake.put("old-cmek", "no-checksum-stored");
        fake.omitChecksum("old-cmek");

        assertThat(provider().fetch("old-cmek")).isEqualTo("no-checksum-stored");
    }

    @Test
    void aDisabledOrDestroyedVersionIsNotFoundSayingSo() {
        fake.put("rotated", "v1");
        fake.put("rotated", "v2");
        fake.put("rotated", "v3");
        fake.state("rotated", 1, "DESTROYED");
        fake.state("rotated", 3, "DISABLED");
        GcpSecretProvider p = provider();

        SecretManagerException disabled = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("rotated"));
        SecretManagerException destroyed = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("rotated?version=1"));

        assertThat(disabled.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(disabled.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(disabled.getMessage()).contains("is disabled").contains("?version=N");
        assertThat(destroyed.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(destroyed.getMessage()).contains("is destroyed");
        assertThat(p.fetch("rotated?version=2")).isEqualTo("v2");
    }

    @Test
    void oneTokenServesManyReads() {
        fake.put("a", "1");
        GcpSecretProvider p = provider();

        for (int i = 0; i < 5; i++) assertThat(p.fetch("a")).isEqualTo("1");

        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(context.obtained).hasSize(1);
        assertThat(context.obtained.get(0)).startsWith("ya29.fake-");
    }

    @Test
    void theTokenRequestIsASignedJwtGrantWithTheDocumentedClaims() {
        fake.put("a", "1");
        provider().fetch("a");

        assertThat(fake.lastClaims).isNotNull();
        assertThat(fake.lastClaims.path("iss").asText()).isEqualTo(FakeSecretManager.CLIENT_EMAIL);
        assertThat(fake.lastClaims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(fake.lastClaims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(fake.lastClaims.path("exp").asLong() - fake.lastClaims.path("iat").asLong()).isEqualTo(3600);
        assertThat(fake.tokenRequestsReceived().get(0).header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void emptyAndEdgeValuesAreValues() {
        fake.putBytes("empty", new byte[0]);
        fake.put("zero", "0");
        fake.put("unicode", "Grüße 🔐");
        GcpSecretProvider p = provider();

        assertThat(p.fetch("empty")).isEmpty();
        assertThat(p.fetch("zero")).isEqualTo("0");
        assertThat(p.fetch("unicode")).isEqualTo(new String("Grüße 🔐".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
