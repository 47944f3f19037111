package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TLS is verified, caCertificate adds trust, and a failed handshake says which fix applies. */
final class ProviderHttpTlsTest {
    private static final ProviderDescriptor D = ProviderDescriptor.of("t", "T", List.of(ProviderDescriptor.CommonFields.CA_CERTIFICATE,
            ProviderDescriptor.CommonFields.CONNECT_TIMEOUT, ProviderDescriptor.CommonFields.READ_TIMEOUT), "x", "x");

    private static int get(TestCertificates served, String caPem) throws IOException {
        try (FakeHttpServer server = FakeHttpServer.https(served)) {
            server.route("GET", "/", r -> Response.empty(204));
            Map<String, Object> config = new HashMap<>(Map.of("readTimeout", "5s"));
            if (caPem != null) config.put("caCertificate", caPem);
            ProviderHttp http = ProviderHttp.builder(ProviderConfig.of("m", D, config)).sleeper(d -> { }).build();
            URI uri = URI.create("https://localhost:" + server.port() + "/");
            return http.send(http.request(uri).GET().build()).statusCode();
        }
    }

    private static SecretManagerException failure(TestCertificates served, String caPem) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> get(served, caPem));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        return e;
    }

    @Test
    void theIssuingCaAsCaCertificateIsTrusted() throws IOException {
        TestCertificates certs = TestCertificates.localhost();
        assertThat(get(certs, certs.caCertificatePem())).isEqualTo(204);
    }

    @Test
    void withoutCaCertificateTheMessageSaysToSetIt() {
        assertThat(failure(TestCertificates.localhost(), null).getMessage()).contains("set caCertificate to the PEM");
    }

    @Test
    void withAnotherCaTheMessageSaysTheConfiguredOneDidNotSignIt() {
        String otherCa = TestCertificates.localhost().caCertificatePem();
        assertThat(failure(TestCertificates.localhost(), otherCa).getMessage())
                .contains("the configured caCertificate did not sign it").doesNotContain("set caCertificate to");
    }

    @Test
    void aCertificateForAnotherHostIsNamedAsAHostNameMismatch() {
        TestCertificates wrongHost = TestCertificates.forHosts("vault.example.internal");
        assertThat(failure(wrongHost, wrongHost.caCertificatePem()).getMessage())
                .contains("not issued for this host name").doesNotContain("caCertificate");
    }
}
