package dev.secretref.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service principal's client certificate made with the JDK's keytool: an RSA key and a self-signed certificate,
 * as the PEM (certificate and PKCS#8 private key) that {@code clientCertificate} takes.
 */
final class TestClientCertificate {
    private static TestClientCertificate instance;

    final String pem;
    final X509Certificate certificate;

    private TestClientCertificate(String pem, X509Certificate certificate) {
        this.pem = pem;
        this.certificate = certificate;
    }

    static synchronized TestClientCertificate get() {
        if (instance == null) instance = create();
        return instance;
    }

    private static TestClientCertificate create() {
        try {
            Path dir = Files.createTempDirectory("secretref-azure-client-cert");
            Path keystore = dir.resolve("client.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=secretref-test-client", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + out);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(dir);
            X509Certificate cert = (X509Certificate) ks.getCertificate("client");
            PrivateKey key = (PrivateKey) ks.getKey("client", "changeit".toCharArray());
            Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            String pem = "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n"
                    + "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            return new TestClientCertificate(pem, cert);
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not make the client certificate", e);
        }
    }
}
