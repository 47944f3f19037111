package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS endpoints: TLS is verified, and caCertificate adds a CA to trust. */
final class AwsTlsTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private static FakeAws fake;
    private static String pem;

    @BeforeAll
    static void startHttpsFake() throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path cert = dir.resolve("localhost.pem");
        keytool("-exportcert", "-rfc", "-alias", "localhost", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-file", cert.toString());
        pem = Files.readString(cert, StandardCharsets.US_ASCII);
        fake = new FakeAws(o -> o.dynamicHttpsPort().keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD));
        fake.put("tls/secret", "{\"k\":\"over-tls\"}");
    }

    @AfterAll
    static void stop() {
        if (fake != null) fake.close();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool failed: " + out);
    }

    private static Map<String, Object> httpsConfig() {
        Map<String, Object> c = fake.config();
        String https = "https://localhost:" + fake.server.httpsPort();
        c.put("endpoint", https);
        c.put("stsEndpoint", https);
        c.put("maxAttempts", "1");
        return c;
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
        c.put("caCertificate", pem);
        try (SecretProvider p = FakeAws.provider(c)) {
            assertThat(p.fetch("tls/secret:k")).isEqualTo("over-tls");
            p.checkConnection();
        }
    }
}
