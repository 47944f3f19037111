package dev.secretref.provider.aws;

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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust managers that accept a server chain trusted by the PEM certificates of {@code caCertificate}
 * or by the JVM's default trust store. Hostname verification stays with the HTTP client.
 */
final class CaTrust {
    private CaTrust() { }

    static TrustManager[] trustManagers(String pem, ProviderConfig config) {
        try {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            if (certs.isEmpty()) throw new CertificateException("no certificate in PEM");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) ks.setCertificateEntry("ca-" + i, certs.get(i));
            return new TrustManager[] {new EitherTrustManager(x509(ks), x509(null))};
        } catch (GeneralSecurityException | IOException e) {
            throw config.invalid(List.of("caCertificate could not be read as PEM X.509 certificates ("
                    + e.getClass().getSimpleName() + ")"));
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

    /** Trusts what the custom CAs trust, else what the JVM trusts. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager custom;
        private final X509TrustManager system;

        EitherTrustManager(X509TrustManager custom, X509TrustManager system) {
            this.custom = custom;
            this.system = system;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            system.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                custom.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                system.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = custom.getAcceptedIssuers();
            X509Certificate[] b = system.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
