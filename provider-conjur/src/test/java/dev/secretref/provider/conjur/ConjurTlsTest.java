package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is always verified: a Conjur server with a self-signed certificate (generated here with keytool, SAN
 * localhost and 127.0.0.1) is refused until its certificate is given as caCertificate.
 */
final class ConjurTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static FakeConjur server;
    private static String certificatePem;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path keystore = dir.resolve("conjur.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "conjur", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        certificatePem = run(List.of(keytool, "-exportcert", "-rfc", "-alias", "conjur",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = FakeConjur.startTls(tls, Fixtures.ACCOUNT, Fixtures.LOGIN, Fixtures.API_KEY);
        server.put("app/db/password", "over-tls");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void selfSignedServerIsRefusedWithoutCaCertificate() {
        ConjurSecretProvider p = Fixtures.provider(Fixtures.config(server.url()), new Fixtures.FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("app/db/password"));

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("caCertificate");
    }

    @Test
    void selfSignedServerIsTrustedWithItsCertificateAsCaCertificate() {
        Map<String, Object> config = Fixtures.config(server.url());
        config.put("caCertificate", certificatePem);
        ConjurSecretProvider p = Fixtures.provider(config, new Fixtures.FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

        assertThat(p.fetch("app/db/password")).isEqualTo("over-tls");
        p.checkConnection();
    }
}
