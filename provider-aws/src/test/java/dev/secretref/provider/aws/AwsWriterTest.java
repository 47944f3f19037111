package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS writer's calls and their failures, against {@link FakeAws}, whose write operations follow
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html and
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html (errors:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html).
 */
final class AwsWriterTest {
    private final FakeAws fake = new FakeAws();
    private SecretProvider provider;

    @AfterEach
    void tearDown() {
        if (provider != null) provider.close();
        fake.close();
    }

    private SecretWriter writer(Map<String, Object> overrides) {
        Map<String, Object> c = fake.config();
        c.putAll(overrides);
        provider = FakeAws.provider(c);
        return provider.writer().orElseThrow();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void createSendsTheFieldsAsOneJsonObjectWithATokenKmsKeyAndTags() throws Exception {
        SecretWriter w = writer(Map.of("kmsKeyId", "alias/secretref", "writeTags", Map.of("team", "platform", "env", "prod")));
        Map<String, String> paths = w.write("conn-1", fields("client_id", "abc", "client_secret", "s\"e\ncret"));

        assertThat(paths).containsExactly(Map.entry("client_id", "secretref/conn-1:client_id"),
                Map.entry("client_secret", "secretref/conn-1:client_secret"));
        List<JsonNode> creates = fake.requests("CreateSecret");
        assertThat(creates).hasSize(1);
        JsonNode c = creates.get(0);
        assertThat(c.path("Name").asText()).isEqualTo("secretref/conn-1");
        assertThat(c.path("ClientRequestToken").asText()).matches("[0-9a-f-]{36}");
        assertThat(c.path("KmsKeyId").asText()).isEqualTo("alias/secretref");
        assertThat(c.path("Tags").toString()).contains("\"Key\":\"team\",\"Value\":\"platform\"");
        JsonNode stored = FakeAws.JSON.readTree(c.path("SecretString").asText());
        assertThat(stored.path("client_id").asText()).isEqualTo("abc");
        assertThat(stored.path("client_secret").asText()).isEqualTo("s\"e\ncret");
        assertThat(stored.size()).isEqualTo(2);
        assertThat(fake.requests("PutSecretValue")).isEmpty();
    }

    @Test
    void anExistingSecretGetsANewVersionThroughPutSecretValue() {
        SecretWriter w = writer(Map.of());
        w.write("conn-2", fields("token", "one"));
        w.write("conn-2", fields("token", "two"));

        List<JsonNode> creates = fake.requests("CreateSecret");
        List<JsonNode> puts = fake.requests("PutSecretValue");
        assertThat(creates).hasSize(2);
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).path("SecretId").asText()).isEqualTo("secretref/conn-2");
        assertThat(puts.get(0).path("ClientRequestToken").asText()).isEqualTo(creates.get(1).path("ClientRequestToken").asText());
        FakeAws.Secret s = fake.secret("secretref/conn-2");
        assertThat(s.versions).hasSize(2);
        assertThat(s.versions.get(s.stages.get("AWSPREVIOUS")).string()).isEqualTo("{\"token\":\"one\"}");
        assertThat(provider.fetch("secretref/conn-2:token")).isEqualTo("two");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsRetriedWithTheSameTokenAndAppliedOnce() {
        SecretWriter w = writer(Map.of("maxAttempts", "3"));
        fake.loseNextAnswerOf("CreateSecret");

        w.write("conn-3", fields("token", "value"));

        List<JsonNode> creates = fake.requests("CreateSecret");
        assertThat(creates).hasSize(2);
        assertThat(creates.get(1).path("ClientRequestToken").asText()).isEqualTo(creates.get(0).path("ClientRequestToken").asText());
        assertThat(fake.requests("PutSecretValue")).isEmpty();
        assertThat(fake.secret("secretref/conn-3").versions).hasSize(1);
        assertThat(provider.fetch("secretref/conn-3:token")).isEqualTo("value");
    }

    @Test
    void deleteUsesTheRecoveryWindowAndWritingTheNameAgainSaysToRestoreIt() {
        SecretWriter w = writer(Map.of());
        w.write("conn-4", fields("token", "value"));
        w.delete("conn-4");

        JsonNode del = fake.requests("DeleteSecret").get(0);
        assertThat(del.path("SecretId").asText()).isEqualTo("secretref/conn-4");
        assertThat(del.path("RecoveryWindowInDays").asInt()).isEqualTo(7);
        assertThat(del.has("ForceDeleteWithoutRecovery")).isFalse();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-4", fields("token", "canary-value-4")));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("scheduled for deletion", "restore-secret", "another name").doesNotContain("canary-value-4");
        assertThatCode(() -> w.delete("conn-4")).as("deleting a secret already scheduled for deletion").doesNotThrowAnyException();
    }

    @Test
    void deleteRecoveryDaysZeroDeletesAtOnceSoTheNameIsFreeAgain() {
        SecretWriter w = writer(Map.of("deleteRecoveryDays", 0, "writePrefix", "apps/billing/"));
        Map<String, String> paths = w.write("conn-5", fields("token", "value"));
        assertThat(paths).containsEntry("token", "apps/billing/conn-5:token");
        w.delete("conn-5");

        JsonNode del = fake.requests("DeleteSecret").get(0);
        assertThat(del.path("ForceDeleteWithoutRecovery").asBoolean()).isTrue();
        assertThat(del.has("RecoveryWindowInDays")).isFalse();
        assertThat(fake.secret("apps/billing/conn-5")).isNull();
        w.write("conn-5", fields("token", "reborn"));
        assertThat(provider.fetch("apps/billing/conn-5:token")).isEqualTo("reborn");
    }

    @Test
    void aDeniedCreateIsAWriteFailureNamingTheIamActions() {
        SecretWriter w = writer(Map.of());
        fake.answer("CreateSecret", awsError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/x is not authorized to perform: secretsmanager:CreateSecret"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-6", fields("token", "canary-value-6")));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("secretsmanager:CreateSecret", "secretref/conn-6").doesNotContain("canary-value-6");
    }

    @Test
    void rejectedCredentialsAreAConnectionFailure() {
        SecretWriter w = writer(Map.of());
        fake.answer("CreateSecret", awsError(403, "UnrecognizedClientException",
                "The security token included in the request is invalid."));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-7", fields("token", "v")));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void aSecretStringOverSixtyFourKibIsRefusedBeforeAnyCall() {
        SecretWriter w = writer(Map.of());
        long before = fake.requestCount();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-8", fields("a", "x".repeat(40_000), "b", "y".repeat(30_000))));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("65536");
        assertThat(fake.requestCount()).isEqualTo(before);
    }

    @Test
    void writeSettingsAreValidated() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> writer(Map.of("deleteRecoveryDays", 3, "writePrefix", "bad prefix P4SS",
                        "writeTags", Map.of("aws:tagkey-P4SS", "v"))));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("deleteRecoveryDays", "writePrefix must be", "writeTags: every key must be")
                .as("a value that failed validation is never quoted").doesNotContain("P4SS");
    }
}
