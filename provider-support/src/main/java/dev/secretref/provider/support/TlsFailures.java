package dev.secretref.provider.support;

import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says what a failed TLS handshake means and what to do: a certificate issued for another host name is named
 * as such (a CA certificate cannot fix it); an untrusted certificate asks for {@code caCertificate} only when
 * none is set, and otherwise says the configured one did not sign it.
 */
public final class TlsFailures {
    private TlsFailures() { }

    /** The first {@link SSLException} in {@code t}'s cause chain, or null. */
    public static SSLException find(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (c instanceof SSLException s) return s;
        }
        return null;
    }

    /** Whether a TLS failure is in {@code t}'s cause chain. */
    public static boolean isTls(Throwable t) {
        return find(t) != null;
    }

    /**
     * What went wrong and what to check, to follow "{@code <what> failed the TLS handshake: }".
     *
     * @param failure the exception (its chain is searched)
     * @param caCertificateSet whether the config sets {@code caCertificate}
     */
    public static String explain(Throwable failure, boolean caCertificateSet) {
        if (hostNameMismatch(failure)) {
            return "the server's certificate is not issued for this host name; use the host name the certificate names "
                    + "(or have the certificate reissued with this host in its subject alternative names)";
        }
        if (caCertificateSet) {
            return "the server's certificate is not trusted or invalid, and the configured caCertificate did not sign it; "
                    + "check that caCertificate holds the CA that issued the server's certificate (not another CA) and that it has not expired";
        }
        return "the server's certificate is not trusted or invalid; set caCertificate to the PEM of the CA that signed it";
    }

    /** Whether the certificate was fine except that it names another host. */
    public static boolean hostNameMismatch(Throwable failure) {
        int depth = 0;
        for (Throwable c = failure; c != null && depth < 20; c = c.getCause(), depth++) {
            if (c instanceof CertificateException || c instanceof SSLException) {
                String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("no subject alternative") || m.contains("no name matching")) return true;
            }
        }
        return false;
    }
}
