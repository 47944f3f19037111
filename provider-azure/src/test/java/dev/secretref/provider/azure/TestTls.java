package dev.secretref.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test CA made once per test JVM with the JDK's keytool: a self-signed EC certificate for localhost and
 * 127.0.0.1 that serves as its own CA. {@link #caPem()} is what a test passes as {@code caCertificate};
 * {@link #serverContext()} is what the fake serves with.
 */
final class TestTls {
    private static final String PASSWORD = "changeit";
    private static TestTls instance;

    private final String caPem;
    private final SSLContext serverContext;

    private TestTls(String caPem, SSLContext serverContext) {
        this.caPem = caPem;
        this.serverContext = serverContext;
    }

    static synchronized TestTls get() {
        if (instance == null) instance = create();
        return instance;
    }

    String caPem() { return caPem; }

    SSLContext serverContext() { return serverContext; }

    private static TestTls create() {
        try {
            Path dir = Files.createTempDirectory("secretref-azure-tls");
            dir.toFile().deleteOnExit();
            Path keystore = dir.resolve("fake-key-vault.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "fake", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=fake-key-vault", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "BC:c=ca:true",
                    "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD));
            String pem = run(List.of(keytool, "-exportcert", "-rfc", "-alias", "fake", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Files.deleteIfExists(keystore);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return new TestTls(pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----")), tls);
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test certificate", e);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return out;
    }
}
