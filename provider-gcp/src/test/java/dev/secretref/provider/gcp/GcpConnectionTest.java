package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code checkConnection}: a token from the token endpoint (https://developers.google.com/identity/protocols/oauth2/service-account),
 * then a read of a secret that does not exist, where 404 proves access
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access) without list permission.
 */
final class GcpConnectionTest {
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    @Test
    void aHealthyConnectionIsOneTokenAndOneMissingSecret() {
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        assertThatCode(p::checkConnection).doesNotThrowAnyException();

        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets/" + GcpSecretProvider.PROBE_SECRET
                + "/versions/latest:access")).isEqualTo(1);
        assertThat(fake.totalCalls()).isEqualTo(2);
    }

    @Test
    void aDeniedProbeNamesTheAccessorRole() {
        fake.deny(GcpSecretProvider.PROBE_SECRET);
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).startsWith("Step 2 of 2").contains("Secret Manager Secret Accessor");
    }

    @Test
    void aRefusedKeyFailsTheFirstStep() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("credentialsJson", Fixtures.keyFile(Fixtures.OTHER, fake.tokenUri()));
        GcpSecretProvider p = Fixtures.provider(config, context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).startsWith("Step 1 of 2");
    }

    @Test
    void anUnreachableEndpointFailsTheSecondStep() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<String, Object> config = Fixtures.config(fake);
        config.put("endpoint", "http://127.0.0.1:" + closed);
        GcpSecretProvider p = Fixtures.provider(config, context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("Step 2 of 2");
    }

    @Test
    void creatingAProviderMakesNoCall() {
        Fixtures.provider(Fixtures.config(fake), context);

        assertThat(fake.totalCalls()).isZero();
    }
}
