package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Google error answers ({@code {"error": {"code", "message", "status"}}}, https://cloud.google.com/apis/design/errors
 * and the canonical codes at https://cloud.google.com/apis/design/errors#handling_errors) and token endpoint refusals
 * ({@code {"error": "invalid_grant", "error_description"}}, https://developers.google.com/identity/protocols/oauth2/service-account)
 * map to the right code and reason, with bounded retries for 429 and 5xx.
 */
final class GcpErrorMappingTest {
    private static final String ACCESS = "/secrets/target/versions/latest:access";
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

    @ParameterizedTest(name = "{0} {1} x{2} -> {3}/{4}")
    @CsvSource({
        "404, NOT_FOUND,           1, SECRET_MANAGER_GET_SECRET_FAILED, NOT_FOUND,         1, projectId",
        "400, FAILED_PRECONDITION, 1, SECRET_MANAGER_GET_SECRET_FAILED, NOT_FOUND,         1, disabled or destroyed",
        "403, PERMISSION_DENIED,   1, SECRET_MANAGER_GET_SECRET_FAILED, ACCESS_DENIED,     1, roles/secretmanager.secretAccessor",
        "400, INVALID_ARGUMENT,    1, SECRET_MANAGER_GET_SECRET_FAILED, INVALID_REFERENCE, 1, invalid",
        "429, RESOURCE_EXHAUSTED,  3, SECRET_MANAGER_GET_SECRET_FAILED, THROTTLED,         3, rate-limited",
        "503, UNAVAILABLE,         3, SECRET_MANAGER_CONNECTION_FAILED, UNREACHABLE,       3, after retries",
        "500, INTERNAL,            3, SECRET_MANAGER_CONNECTION_FAILED, UNREACHABLE,       3, after retries",
        "504, DEADLINE_EXCEEDED,   3, SECRET_MANAGER_CONNECTION_FAILED, TIMEOUT,           3, timed out",
        "409, ABORTED,             1, SECRET_MANAGER_GET_SECRET_FAILED, CONFLICT,          1, retry",
    })
    void googleStatusesMapToCodeAndReason(int http, String status, int times, ErrorCode code, Reason reason, int calls, String says) {
        fake.put("target", "the-value");
        fake.failNext(ACCESS, times, http, status, "scripted " + status);
        GcpSecretProvider p = provider();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("target"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(says).doesNotContain("the-value");
        assertThat(e.path()).isEqualTo("target");
        assertThat(fake.callsContaining(ACCESS)).as("access calls").isEqualTo(calls);
    }

    @Test
    void permissionDeniedNamesTheRoleAndTheServiceAccount() {
        fake.put("target", "v");
        fake.deny("target");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("target"));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Secret Manager Secret Accessor (roles/secretmanager.secretAccessor)")
                .contains(FakeSecretManager.CLIENT_EMAIL);
    }

    @Test
    void aDisabledApiSaysToEnableIt() {
        fake.put("target", "v");
        fake.serviceDisabled = true;

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("target"));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("enable secretmanager.googleapis.com");
    }

    @Test
    void aTransientUnavailableIsRetriedUntilItSucceeds() {
        fake.put("target", "the-value");
        fake.failNext(ACCESS, 2, 503, "UNAVAILABLE", "The service is currently unavailable.");

        assertThat(provider().fetch("target")).isEqualTo("the-value");
        assertThat(fake.callsContaining(ACCESS)).isEqualTo(3);
    }

    @Test
    void aRevokedTokenIsRenewedOnceAndTheReadRepeated() {
        fake.put("target", "the-value");
        GcpSecretProvider p = provider();
        assertThat(p.fetch("target")).isEqualTo("the-value");

        fake.revokeTokens();

        assertThat(p.fetch("target")).isEqualTo("the-value");
        assertThat(fake.tokenRequests()).isEqualTo(2);
        assertThat(fake.callsContaining(ACCESS)).isEqualTo(3);
        assertThat(context.obtained).hasSize(2);
        assertThat(context.live).containsExactly(context.obtained.get(1));
    }

    @Test
    void aTokenRefusedTwiceIsAnAuthenticationFailure() {
        fake.put("target", "v");
        fake.failNext(ACCESS, 2, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("target"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(fake.tokenRequests()).isEqualTo(2);
        assertThat(fake.callsContaining(ACCESS)).isEqualTo(2);
    }

    @Test
    void aKeyTheTokenEndpointRefusesIsAnAuthenticationFailure() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("credentialsJson", Fixtures.keyFile(Fixtures.OTHER, fake.tokenUri()));
        GcpSecretProvider p = Fixtures.provider(config, context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("target"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("invalid_grant").contains("Invalid JWT Signature")
                .doesNotContain(Fixtures.keyMaterial(Fixtures.OTHER));
        assertThat(fake.totalCalls("GET")).as("no API call without a token").isZero();
    }

    @Test
    void aFailingTokenEndpointIsRetriedThenUnreachable() {
        fake.failNext("POST /token", 3, 503, "temporarily_unavailable", "try later");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("target"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(fake.tokenRequests()).isEqualTo(3);
    }

    @Test
    void anUnreachableTokenEndpointIsAConnectionFailure() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<String, Object> config = Fixtures.config(fake);
        config.put("credentialsJson", Fixtures.keyFile(Fixtures.SERVICE_ACCOUNT, "http://127.0.0.1:" + closed + "/token"));
        GcpSecretProvider p = Fixtures.provider(config, context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("target"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("access token").contains("token_uri");
    }

    @Test
    void anErrorPageThatIsNotGoogleJsonIsMappedByHttpStatus() {
        fake.put("target", "v");
        Map<String, Object> config = Fixtures.config(fake);
        config.put("endpoint", fake.url() + "/not-the-api");
        GcpSecretProvider p = Fixtures.provider(config, context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("target"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    }
}
