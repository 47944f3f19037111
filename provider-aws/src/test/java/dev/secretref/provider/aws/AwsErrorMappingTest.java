package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static dev.secretref.provider.aws.FakeAws.stsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AWS errors and transport failures mapped to codes and reasons. Error shapes and status codes follow
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html (AccessDeniedException,
 * DecryptionFailure, ThrottlingException 400; InternalServiceError 500), the AWS-wide common errors
 * (UnrecognizedClientException, InvalidSignatureException, ExpiredTokenException 403) and
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html for STS.
 */
final class AwsErrorMappingTest {
    private final FakeAws fake = new FakeAws();
    private SecretProvider provider;

    @AfterEach
    void tearDown() {
        if (provider != null) provider.close();
        fake.close();
    }

    private SecretProvider provider(Map<String, String> overrides) {
        Map<String, Object> c = fake.config();
        c.putAll(overrides);
        provider = FakeAws.provider(c);
        return provider;
    }

    private SecretManagerException failureOf(Runnable r) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, r::run);
        assertThat(e).isNotNull();
        assertNoCredentialIn(e);
        return e;
    }

    private static void assertNoCredentialIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage()) + c).doesNotContain(FakeAws.ACCESS_KEY_ID)
                    .doesNotContain(FakeAws.SECRET_ACCESS_KEY).doesNotContain("the-session-token");
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
    @CsvSource({
            "400, ResourceNotFoundException,   SECRET_MANAGER_GET_SECRET_FAILED, NOT_FOUND,     region eu-west-1",
            "400, AccessDeniedException,       SECRET_MANAGER_GET_SECRET_FAILED, ACCESS_DENIED, secretsmanager:GetSecretValue",
            "400, DecryptionFailure,           SECRET_MANAGER_GET_SECRET_FAILED, ACCESS_DENIED, kms:Decrypt",
            "400, InvalidRequestException,     SECRET_MANAGER_GET_SECRET_FAILED, NOT_FOUND,     scheduled for deletion",
            "400, InvalidParameterException,   SECRET_MANAGER_GET_SECRET_FAILED, PROVIDER_ERROR, version suffix",
            "403, UnrecognizedClientException, SECRET_MANAGER_CONNECTION_FAILED, AUTHENTICATION_FAILED, accessKeyId",
            "403, InvalidSignatureException,   SECRET_MANAGER_CONNECTION_FAILED, AUTHENTICATION_FAILED, secretAccessKey",
            "403, ExpiredTokenException,       SECRET_MANAGER_CONNECTION_FAILED, AUTHENTICATION_FAILED, sessionToken",
            "400, ThrottlingException,         SECRET_MANAGER_GET_SECRET_FAILED, THROTTLED,     maxAttempts",
            "500, InternalServiceError,        SECRET_MANAGER_CONNECTION_FAILED, UNREACHABLE,   try again later",
    })
    void awsErrorsMapToCodeAndReason(int status, String type, ErrorCode code, Reason reason, String hint) {
        fake.answer("GetSecretValue", awsError(status, type,
                "Authorization=AWS4-HMAC-SHA256 Credential=" + FakeAws.ACCESS_KEY_ID + "/20250101/eu-west-1 echoed"));
        provider(Map.of("maxAttempts", "1", "sessionToken", "the-session-token"));
        SecretManagerException e = failureOf(() -> provider.fetch("prod/db:password"));
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(type).contains(hint);
        if (code == ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED) {
            assertThat(e.getMessage()).contains("'prod/db'");
            assertThat(e.path()).isEqualTo("prod/db:password");
        }
    }

    @Test
    void anArnOfAnotherRegionSaysSo() {
        provider(Map.of());
        SecretManagerException e = failureOf(() ->
                provider.fetch("arn:aws:secretsmanager:us-east-1:123456789012:secret:elsewhere-a1B2c3:k"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("names region us-east-1 but the manager uses eu-west-1");
    }

    @Test
    void throttlingThenSuccessIsRetriedBySdk() {
        fake.put("busy/secret", "{\"k\":\"v\"}");
        fake.failNext("GetSecretValue", 1, awsError(400, "ThrottlingException", "Rate exceeded"));
        provider(Map.of("maxAttempts", "3"));
        assertThat(provider.fetch("busy/secret:k")).isEqualTo("v");
        assertThat(fake.calls("GetSecretValue")).isEqualTo(2);
    }

    @Test
    void persistentThrottlingIsThrottledAfterTheAttempts() {
        fake.answer("GetSecretValue", awsError(400, "ThrottlingException", "Rate exceeded"));
        provider(Map.of("maxAttempts", "2"));
        SecretManagerException e = failureOf(() -> provider.fetch("busy/secret"));
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(e.getMessage()).contains("after 2 attempt(s)");
        assertThat(fake.calls("GetSecretValue")).isEqualTo(2);
    }

    @Test
    void aNonRetryableErrorIsNotRetried() {
        fake.answer("GetSecretValue", awsError(400, "AccessDeniedException", "denied"));
        provider(Map.of("maxAttempts", "3"));
        failureOf(() -> provider.fetch("prod/db"));
        assertThat(fake.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void aHungEndpointIsATimeout() {
        fake.put("slow/secret", "v");
        fake.server.stall();                       // answers are held until the fake is closed
        provider(Map.of("apiCallAttemptTimeout", "300ms", "maxAttempts", "1", "readTimeout", "2s"));
        SecretManagerException e = failureOf(() -> provider.fetch("slow/secret"));
        assertThat(e.code()).as("no answer in time: the store was not reached (DESIGN §4)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("'slow/secret'").contains("apiCallAttemptTimeout PT0.3S");
    }

    @Test
    void aReadTimeoutIsATimeout() {
        fake.put("slow/secret", "v");
        fake.server.stall();
        provider(Map.of("readTimeout", "300ms", "maxAttempts", "1"));
        SecretManagerException e = failureOf(() -> provider.fetch("slow/secret"));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    }

    @Test
    void anUnreachableEndpointIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        provider(Map.of("endpoint", "http://127.0.0.1:" + port, "stsEndpoint", "http://127.0.0.1:" + port,
                "maxAttempts", "1", "connectTimeout", "1s"));
        SecretManagerException e = failureOf(() -> provider.fetch("prod/db"));
        assertThat(e.code()).as("same rule as Vault and Conjur (DESIGN §4)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("connection refused").contains("127.0.0.1:" + port);
        SecretManagerException check = failureOf(provider::checkConnection);
        assertThat(check.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(check.reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void checkConnectionCallsGetCallerIdentityAtTheStsEndpoint() {
        provider(Map.of());
        assertThatCode(provider::checkConnection).doesNotThrowAnyException();
        assertThat(fake.calls("GetCallerIdentity")).isEqualTo(1);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void checkConnectionWithRejectedKeysIsAnAuthenticationFailure() {
        fake.answer("GetCallerIdentity",
                stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid."));
        provider(Map.of());
        SecretManagerException e = failureOf(provider::checkConnection);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("InvalidClientTokenId").contains("GetCallerIdentity").contains("accessKeyId");
    }

    @Test
    void aClosedProviderRefusesCalls() {
        provider(Map.of()).close();
        assertThat(failureOf(() -> provider.fetch("a")).reason()).isEqualTo(Reason.CLOSED);
        assertThatCode(provider::close).doesNotThrowAnyException();
    }
}
