package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Config checks in create(), redaction, and the default credential chain. */
final class AwsConfigTest {

    private static SecretManagerException invalid(Map<String, Object> config) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> FakeAws.provider(config));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        return e;
    }

    @Test
    void everyBadCombinationIsNamedInOneError() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("region", "Europe");
        c.put("accessKeyId", FakeAws.ACCESS_KEY_ID);
        c.put("externalId", "ext-secret-1");
        c.put("roleSessionName", "x");
        c.put("maxAttempts", "0");
        SecretManagerException e = invalid(c);
        assertThat(e.getMessage()).contains("region must be an AWS region name").doesNotContain("Europe")
                .contains("accessKeyId and secretAccessKey must be set together")
                .contains("externalId needs roleArn").contains("roleSessionName needs roleArn")
                .contains("roleSessionName must be 2 to 64").contains("maxAttempts must be between 1 and 10")
                .doesNotContain(FakeAws.ACCESS_KEY_ID).doesNotContain("ext-secret-1");
    }

    /** Field types (durations, numbers, URLs) are checked by the core before the combinations above. */
    @Test
    void aZeroTimeoutIsRejectedWithTheOtherFieldProblems() {
        SecretManagerException e = invalid(Map.of("region", "eu-west-1", "apiCallTimeout", "0s", "apiCallAttemptTimeout", "soon"));
        assertThat(e.getMessage()).contains("apiCallTimeout must be longer than zero").contains("apiCallAttemptTimeout");
    }

    @Test
    void aSessionTokenNeedsKeysAndARoleArnMustBeARoleArn() {
        SecretManagerException e = invalid(Map.of("region", "eu-west-1", "sessionToken", "tok-123", "roleArn", "my-role"));
        assertThat(e.getMessage()).contains("sessionToken needs accessKeyId and secretAccessKey")
                .contains("roleArn must be an IAM role ARN").doesNotContain("my-role").doesNotContain("tok-123");
    }

    @Test
    void theCoreRejectsUnknownAndMissingKeysAgainstTheDescriptor() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () ->
                ProviderConfig.of("m", AwsProviderFactory.DESCRIPTOR, Map.of("regoin", "eu-west-1")));
        assertThat(e.getMessage()).contains("unknown key regoin").contains("missing required key region");
    }

    @Test
    void credentialFieldsAreSensitiveAndExplained() {
        assertThat(AwsProviderFactory.DESCRIPTOR.fields().stream().filter(Field::isSensitive).map(Field::key)
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("accessKeyId", "secretAccessKey", "sessionToken", "externalId");
        assertThat(AwsProviderFactory.DESCRIPTOR.fields()).allSatisfy(f -> assertThat(f.help()).isNotBlank());
        assertThat(AwsProviderFactory.DESCRIPTOR.pathExample()).isEqualTo("prod/api-keys:slack_token");
    }

    @Test
    void toStringShowsNoCredential() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("region", "eu-west-1");
        c.put("accessKeyId", FakeAws.ACCESS_KEY_ID);
        c.put("secretAccessKey", FakeAws.SECRET_ACCESS_KEY);
        c.put("sessionToken", "session-token-value");
        c.put("roleArn", "arn:aws:iam::123456789012:role/reader");
        c.put("externalId", "ext-secret-1");
        ProviderConfig config = ProviderConfig.of("m", AwsProviderFactory.DESCRIPTOR, c);
        AwsSettings settings = AwsSettings.from(config);
        try (SecretProvider p = new AwsProviderFactory().create(config)) {
            for (String text : new String[] {p.toString(), settings.toString(), config.toString()}) {
                assertThat(text).doesNotContain(FakeAws.ACCESS_KEY_ID).doesNotContain(FakeAws.SECRET_ACCESS_KEY)
                        .doesNotContain("session-token-value").doesNotContain("ext-secret-1");
            }
            assertThat(p.toString()).contains("eu-west-1").contains("assuming role arn:aws:iam::123456789012:role/reader");
        }
    }

    @Test
    void withoutKeysTheDefaultCredentialChainIsUsed() {
        // The chain looks at system properties first; the build sets AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE to
        // missing files and disables the instance metadata service, so nothing outside this test is read or called.
        String chainKey = "AKIACHAINEXAMPLE0001";
        System.setProperty("aws.accessKeyId", chainKey);
        System.setProperty("aws.secretAccessKey", "chainSecretKeyEXAMPLE");
        try (FakeAws fake = new FakeAws()) {
            fake.put("prod/db", "{\"k\":\"v\"}");
            Map<String, Object> c = fake.config();
            c.remove("accessKeyId");
            c.remove("secretAccessKey");
            try (SecretProvider p = FakeAws.provider(c)) {
                assertThat(p.toString()).contains("default credential chain");
                assertThat(p.fetch("prod/db:k")).isEqualTo("v");
                assertThat(fake.server.requests().get(0).header("Authorization"))
                        .contains("Credential=" + chainKey + "/");
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void creatingAProviderMakesNoCall() {
        try (FakeAws fake = new FakeAws()) {
            Map<String, Object> c = fake.config();
            c.put("roleArn", "arn:aws:iam::123456789012:role/reader");
            try (SecretProvider p = FakeAws.provider(c)) {
                assertThat(p).isNotNull();
            }
            assertThat(fake.requestCount()).isZero();
        }
    }

    @Test
    void aBadCaCertificateIsAConfigError() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("region", "eu-west-1");
        c.put("caCertificate", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        SecretManagerException e = invalid(c);
        assertThat(e.getMessage()).contains("caCertificate could not be read");
    }
}
