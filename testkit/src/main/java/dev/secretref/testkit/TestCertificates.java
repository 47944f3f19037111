package dev.secretref.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server certificate it issued, generated at test time with the JDK
 * alone (EC P-256 keys, SHA256withECDSA, a small DER encoder; no keytool process, no BouncyCastle). The CA is
 * trusted by no one, so a client that verifies TLS refuses the server until the CA is given as
 * {@code caCertificate}.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.forHosts("localhost", "127.0.0.1");
 * HttpsServer server = ...; server.setHttpsConfigurator(new HttpsConfigurator(certs.serverSslContext()));
 * config.put("caCertificate", certs.caCertificatePem());
 * }</pre>
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;

    private TestCertificates(X509Certificate ca, X509Certificate server, PrivateKey serverKey) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
    }

    /** A CA and a server certificate for {@code localhost} and {@code 127.0.0.1}. */
    public static TestCertificates localhost() {
        return forHosts("localhost", "127.0.0.1");
    }

    /** A CA and a server certificate whose subject alternative names are {@code hosts} (names or IPv4 literals). */
    public static TestCertificates forHosts(String... hosts) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair caKeys = g.generateKeyPair();
            KeyPair serverKeys = g.generateKeyPair();
            byte[] caName = name("secretref test CA");
            X509Certificate ca = certificate(caName, caName, caKeys.getPublic().getEncoded(), caKeys.getPrivate(),
                    List.of(extension(BASIC_CONSTRAINTS, true, seq(bool(true)))));
            X509Certificate server = certificate(caName, name(hosts.length > 0 ? hosts[0] : "server"),
                    serverKeys.getPublic().getEncoded(), caKeys.getPrivate(),
                    List.of(extension(BASIC_CONSTRAINTS, true, seq()), extension(SUBJECT_ALT_NAME, false, subjectAltNames(hosts))));
            return new TestCertificates(ca, server, serverKeys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not generate test certificates", e);
        }
    }

    /** The CA's certificate as PEM: what a user puts in {@code caCertificate}. */
    public String caCertificatePem() { return pem(ca); }

    /** The server's certificate as PEM (not a CA: trusting it alone does not make a chain valid). */
    public String serverCertificatePem() { return pem(server); }

    public X509Certificate caCertificate() { return ca; }

    /** A PKCS12 key store holding the server's key and chain under alias {@code server}, password {@code changeit}. */
    public KeyStore serverKeyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey, PASSWORD, new Certificate[] {server, ca});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #serverKeyStore()} to {@code file} (for a server configured with a key-store file). */
    public Path writeServerKeyStore(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            serverKeyStore().store(out, PASSWORD);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The password of the key store and its key: {@code changeit}. */
    public static String keyStorePassword() { return new String(PASSWORD); }

    /** An SSL context that serves the server certificate (for {@code HttpsServer} or a server socket). */
    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(serverKeyStore(), PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSL context that trusts only this CA: for a test's own {@code HttpClient} talking to the server. */
    public SSLContext clientSslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- a minimal DER encoder: just what an X.509 v3 certificate needs ----

    private static final int[] ECDSA_SHA256 = {1, 2, 840, 10045, 4, 3, 2};
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    private static final int[] BASIC_CONSTRAINTS = {2, 5, 29, 19};
    private static final int[] SUBJECT_ALT_NAME = {2, 5, 29, 17};

    private static X509Certificate certificate(byte[] issuer, byte[] subject, byte[] publicKeyInfo, PrivateKey signer,
                                               List<byte[]> extensions) throws GeneralSecurityException, IOException {
        byte[] algorithm = seq(oid(ECDSA_SHA256));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] tbs = seq(
                tagged(0xA0, integer(BigInteger.TWO)),                       // version v3
                integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)),     // serial
                algorithm,
                issuer,
                seq(utcTime(now.minusHours(1)), utcTime(now.plusDays(2))),
                subject,
                publicKeyInfo,
                tagged(0xA3, seq(extensions.toArray(new byte[0][]))));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer);
        s.update(tbs);
        byte[] der = seq(tbs, algorithm, bitString(s.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] name(String commonName) {
        return seq(set(seq(oid(COMMON_NAME), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(int[] id, boolean critical, byte[] value) {
        return critical ? seq(oid(id), bool(true), tlv(0x04, value)) : seq(oid(id), tlv(0x04, value));
    }

    private static byte[] subjectAltNames(String... hosts) throws IOException {
        List<byte[]> names = new ArrayList<>();
        for (String h : hosts) {
            if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                names.add(tlv(0x87, InetAddress.getByName(h).getAddress()));   // iPAddress [7]
            } else {
                names.add(tlv(0x82, h.getBytes(StandardCharsets.US_ASCII)));    // dNSName [2]
            }
        }
        return seq(names.toArray(new byte[0][]));
    }

    private static byte[] utcTime(ZonedDateTime t) {
        return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bool(boolean b) { return tlv(0x01, new byte[] {(byte) (b ? 0xFF : 0)}); }

    private static byte[] integer(BigInteger i) { return tlv(0x02, i.toByteArray()); }

    private static byte[] bitString(byte[] bits) {
        byte[] v = new byte[bits.length + 1];
        System.arraycopy(bits, 0, v, 1, bits.length);
        return tlv(0x03, v);
    }

    private static byte[] oid(int[] arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int a = arcs[i];
            byte[] tmp = new byte[5];
            int n = 0;
            do {
                tmp[n++] = (byte) (a & 0x7F);
                a >>>= 7;
            } while (a != 0);
            for (int j = n - 1; j >= 0; j--) out.write(tmp[j] | (j > 0 ? 0x80 : 0));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) { return tlv(0x30, concat(parts)); }

    private static byte[] set(byte[]... parts) { return tlv(0x31, concat(parts)); }

    private static byte[] tagged(int tag, byte[] inner) { return tlv(tag, inner); }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write((len >>> (8 * i)) & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
