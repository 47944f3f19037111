package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.TestCertificates;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS endpoints: TLS is verified, caCertificate adds a CA to trust, and the TLS message says what to fix:
 * set caCertificate (none set), the configured CA did not sign it (one set), or the host name is wrong.
 * Certificates come from the testkit's {@link TestCertificates} (generated at test time, JDK only).
 */
final class AwsTlsTest {
    private static final TestCertificates CERTS = TestCertificates.localhost();
    private static FakeAws fake;

    @BeforeAll
    static void startHttpsFake() {
        fake = FakeAws.https(CERTS);
        fake.put("tls/secret", "{\"k\":\"over-tls\"}");
    }

    @AfterAll
    static void stop() {
        if (fake != null) fake.close();
    }

    static Map<String, Object> httpsConfig(FakeAws fake) {
        Map<String, Object> c = fake.config();
        String https = "https://localhost:" + fake.server.port();
        c.put("endpoint", https);
        c.put("stsEndpoint", https);
        c.put("maxAttempts", "1");
        return c;
    }

    private static Map<String, Object> httpsConfig() {
        return httpsConfig(fake);
    }

    @Test
    void aCaCertificateThatDidNotSignTheServerSaysSo() {
        Map<String, Object> c = httpsConfig();
        c.put("caCertificate", TestCertificates.localhost().caCertificatePem());   // another CA
        try (SecretProvider p = FakeAws.provider(c)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("tls/secret:k"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("the configured caCertificate did not sign it").doesNotContain("set caCertificate to");
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsNamedAsSuch() {
        Map<String, Object> c = httpsConfig();
        TestCertificates other = TestCertificates.forHosts("vault.example.internal");
        FakeAws wrongHost = FakeAws.https(other);
        try {
            c.put("endpoint", "https://localhost:" + wrongHost.server.port());
            c.put("caCertificate", other.caCertificatePem());
            try (SecretProvider p = FakeAws.provider(c)) {
                SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("tls/secret:k"));
                assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
                assertThat(e.getMessage()).contains("not issued for this host name").doesNotContain("set caCertificate to");
            }
        } finally {
            wrongHost.close();
        }
    }

    @Test
    void anUntrustedCertificateFailsWithACaCertificateHint() {
        try (SecretProvider p = FakeAws.provider(httpsConfig())) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("tls/secret:k"));
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS handshake").contains("caCertificate");
        }
    }

    @Test
    void caCertificateMakesTheEndpointTrusted() {
        Map<String, Object> c = httpsConfig();
        c.put("caCertificate", CERTS.caCertificatePem());
        try (SecretProvider p = FakeAws.provider(c)) {
            assertThat(p.fetch("tls/secret:k")).isEqualTo("over-tls");
            p.checkConnection();
        }
    }
}
