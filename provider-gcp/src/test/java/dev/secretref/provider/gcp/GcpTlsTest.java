package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token requests go through the provider's own HTTP client: with the fake's token endpoint and API on HTTPS with a
 * self-signed certificate (made here with keytool), the token request is refused until {@code caCertificate} names
 * that certificate, which proves the auth library does not use its own transport.
 */
final class GcpTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static FakeSecretManager fake;
    private static String certificatePem;
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @BeforeAll
    static void startTlsFake() throws Exception {
        Path keystore = dir.resolve("fake.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "fake", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        certificatePem = run(List.of(keytool, "-exportcert", "-rfc", "-alias", "fake",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        fake = FakeSecretManager.startTls(tls, Fixtures.SERVICE_ACCOUNT.getPublic());
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

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aSelfSignedTokenEndpointIsRefusedWithoutCaCertificate() {
        int before = fake.tokenRequests.get();
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("over-tls"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("access token").contains("caCertificate");
        assertThat(fake.tokenRequests.get()).isEqualTo(before);
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
