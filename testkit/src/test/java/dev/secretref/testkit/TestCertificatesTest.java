package dev.secretref.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The generated CA and server certificate work with the JDK's own TLS stack, and only when the CA is trusted. */
final class TestCertificatesTest {
    private static String get(TestCertificates served, String host, boolean trustCa) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(served.serverSslContext()));
        server.createContext("/", x -> {
            byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try {
            HttpClient.Builder b = HttpClient.newBuilder();
            if (trustCa) b.sslContext(trusting(served.caCertificatePem()));
            HttpResponse<String> r = b.build().send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } finally {
            server.stop(0);
        }
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void aClientTrustingTheCaAcceptsTheServer() throws Exception {
        assertThat(get(TestCertificates.localhost(), "localhost", true)).isEqualTo("ok");
        assertThat(get(TestCertificates.localhost(), "127.0.0.1", true)).isEqualTo("ok");
    }

    @Test
    void aClientWithOnlyTheJvmCasRefusesTheServer() {
        Throwable t = catchThrowable(() -> get(TestCertificates.localhost(), "localhost", false));
        assertThat(t).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aCertificateForAnotherHostFailsHostNameVerification() {
        Throwable t = catchThrowable(() -> get(TestCertificates.forHosts("other.example"), "localhost", true));
        assertThat(t).isInstanceOf(SSLHandshakeException.class);
        assertThat(t).hasMessageContaining("No subject alternative");
    }
}
