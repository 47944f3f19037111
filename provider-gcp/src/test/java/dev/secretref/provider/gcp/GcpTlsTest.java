package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.TestCertificates;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token requests go through the provider's own HTTP client: with the fake's token endpoint and API on HTTPS with a
 * certificate from testkit's {@link TestCertificates} CA, the token request is refused until {@code caCertificate} names
 * that CA, which proves the auth library does not use its own transport.
 */
final class GcpTlsTest {
    private static final TestCertificates CERTIFICATES = TestCertificates.localhost();
    private static FakeSecretManager fake;
    private static String certificatePem;
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @BeforeAll
    static void startTlsFake() {
        certificatePem = CERTIFICATES.caCertificatePem();
        fake = FakeSecretManager.startTls(CERTIFICATES, Fixtures.SERVICE_ACCOUNT.getPublic());
        fake.put("over-tls", "tls-value");
    }

    @AfterAll
    static void stop() {
        if (fake != null) fake.close();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void aSelfSignedTokenEndpointIsRefusedWithoutCaCertificate() {
        int before = fake.tokenRequests();
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("over-tls"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("access token").contains("caCertificate");
        assertThat(fake.tokenRequests()).isEqualTo(before);
    }

    @Test
    void caCertificateIsTrustedForTokenRequestsAndApiCalls() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("caCertificate", certificatePem);
        GcpSecretProvider p = Fixtures.provider(config, context);

        assertThat(p.fetch("over-tls")).isEqualTo("tls-value");
        assertThat(fake.tokenUri()).startsWith("https://");
    }
}
