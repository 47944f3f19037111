package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderDescriptor;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config validation: every problem named at once, nothing of the key quoted, endpoints derived from location. */
final class GcpConfigTest {
    private static final String TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static Map<String, Object> base() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("projectId", "my-project-123");
        c.put("credentialsJson", Fixtures.keyFile(Fixtures.SERVICE_ACCOUNT, TOKEN_URI));
        return c;
    }

    private static SecretManagerException invalid(Map<String, Object> config) {
        return catchThrowableOfType(SecretManagerException.class,
                () -> GcpProviderFactory.create(Fixtures.providerConfig(config), new Fixtures.TestContext(), Fixtures.FAST, () -> { }));
    }

    @Test
    void everyBadKeyIsNamedInOneError() {
        Map<String, Object> c = base();
        c.put("projectId", "Not_A_Project");
        c.put("location", "US Central");
        c.put("maxConcurrency", 0);
        c.put("writePrefix", "bad/prefix");

        SecretManagerException e = invalid(c);

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("projectId").contains("location").contains("maxConcurrency").contains("writePrefix");
    }

    @Test
    void credentialsJsonMustBeAServiceAccountKeyAndIsNeverQuoted() {
        Map<String, Object> user = base();
        user.put("credentialsJson", "{\"type\":\"authorized_user\",\"client_secret\":\"do-not-show-1234\",\"refresh_token\":\"rt-5678\"}");
        Map<String, Object> notJson = base();
        notJson.put("credentialsJson", "not json do-not-show-1234");
        Map<String, Object> missing = base();
        missing.put("credentialsJson", "{\"type\":\"service_account\",\"private_key\":\"do-not-show-1234\"}");

        for (Map<String, Object> c : java.util.List.of(user, notJson, missing)) {
            SecretManagerException e = invalid(c);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
            assertThat(e.getMessage()).contains("credentialsJson").doesNotContain("do-not-show-1234").doesNotContain("rt-5678");
        }
        assertThat(invalid(missing).getMessage()).contains("client_email").contains("private_key_id");
    }

    @Test
    void anUnreadablePrivateKeyIsAConfigErrorWithoutTheKey() {
        Map<String, Object> c = base();
        c.put("credentialsJson", Fixtures.keyFile(Fixtures.SERVICE_ACCOUNT, TOKEN_URI)
                .replace("-----BEGIN PRIVATE KEY-----\\n", "-----BEGIN PRIVATE KEY-----\\nAAAA"));

        SecretManagerException e = invalid(c);

        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("private_key").doesNotContain(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT));
    }

    @Test
    void replicationLocationsDoNotApplyToRegionalSecrets() {
        Map<String, Object> c = base();
        c.put("location", "us-central1");
        c.put("replicationLocations", "us-east1");

        assertThat(invalid(c).getMessage()).contains("replicationLocations");
    }

    @Test
    void theEndpointFollowsTheLocationUnlessOverridden() {
        Map<String, Object> global = base();
        Map<String, Object> regional = base();
        regional.put("location", "europe-west4");
        Map<String, Object> overridden = base();
        overridden.put("location", "europe-west4");
        overridden.put("endpoint", "https://secretmanager-psc.p.googleapis.com/");

        assertThat(GcpSettings.from(Fixtures.providerConfig(global)).endpoint()).isEqualTo(URI.create("https://secretmanager.googleapis.com"));
        assertThat(GcpSettings.from(Fixtures.providerConfig(regional)).endpoint())
                .isEqualTo(URI.create("https://secretmanager.europe-west4.rep.googleapis.com"));
        assertThat(GcpSettings.from(Fixtures.providerConfig(overridden)).endpoint())
                .isEqualTo(URI.create("https://secretmanager-psc.p.googleapis.com"));
    }

    @Test
    void toStringNeverShowsTheKey() {
        GcpSettings s = GcpSettings.from(Fixtures.providerConfig(base()));
        var p = GcpProviderFactory.create(Fixtures.providerConfig(base()), new Fixtures.TestContext(), Fixtures.FAST, () -> { });

        assertThat(s.toString()).contains("my-project-123").doesNotContain(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT));
        assertThat(p.toString()).doesNotContain(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT)).doesNotContain("PRIVATE KEY");
        assertThat(Fixtures.providerConfig(base()).toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void theDescriptorMarksTheKeySensitiveAndOnlyProjectIdRequired() {
        ProviderDescriptor d = new GcpProviderFactory().descriptor();

        assertThat(d.id()).isEqualTo("gcp");
        assertThat(d.fields()).filteredOn(ProviderDescriptor.Field::isRequired).extracting(ProviderDescriptor.Field::key)
                .containsExactly("projectId");
        assertThat(d.fields()).filteredOn(ProviderDescriptor.Field::isSensitive).extracting(ProviderDescriptor.Field::key)
                .containsExactly("credentialsJson");
        assertThat(d.fields()).extracting(ProviderDescriptor.Field::key).contains("location", "endpoint", "caCertificate",
                "connectTimeout", "readTimeout", "maxConcurrency", "writePrefix", "replicationLocations");
    }
}
