package dev.secretref.provider.support;

import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust material from a {@code caCertificate} PEM: the JVM's CAs plus the PEM's. Host-name verification stays
 * with the client (on).
 */
public final class PemTrust {
    private PemTrust() { }

    /** An SSL context that trusts the JVM's CAs plus those in {@code pem}. */
    public static SSLContext sslContext(String pem, ProviderConfig config) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(pem, config), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw config.invalid(List.of("caCertificate could not be used (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /**
     * Trust managers that accept a chain the JVM's CAs or the CAs in {@code pem} trust (for clients that take
     * trust managers rather than an {@link SSLContext}).
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when the PEM holds no certificate
     */
    public static TrustManager[] trustManagers(String pem, ProviderConfig config) {
        try {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            if (certs.isEmpty()) throw new CertificateException("no certificate in PEM");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) ks.setCertificateEntry("ca-" + i, certs.get(i));
            return new TrustManager[] {new EitherTrustManager(x509(ks), x509(null))};
        } catch (GeneralSecurityException | IOException e) {
            throw config.invalid(List.of("caCertificate could not be read as PEM X.509 certificates (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static X509TrustManager x509(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) return x;
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    /** Trusts a chain that either the custom CAs or the JVM's CAs trust. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager first;
        private final X509TrustManager second;

        EitherTrustManager(X509TrustManager first, X509TrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            second.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
