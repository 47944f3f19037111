package dev.secretref.provider.support;

import dev.secretref.spi.ProviderConfig;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP plumbing shared by providers that talk to their store with {@code java.net.http}: a client with
 * the config's connect timeout and CA certificate (TLS always verified), and {@link #send} with bounded
 * retries, exponential backoff with jitter and {@code Retry-After}, mapping transport failures to
 * {@code TIMEOUT} / {@code UNREACHABLE}. Messages name the method and URL, never headers or bodies.
 */
public final class ProviderHttp {
    /** Default connect timeout when the config sets none. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default read timeout when the config sets none. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Retry retry;

    private ProviderHttp(HttpClient client, Duration connectTimeout, Duration readTimeout, Retry retry) {
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.retry = retry;
    }

    /** A client configured from {@code connectTimeout}, {@code readTimeout} and {@code caCertificate}. */
    public static ProviderHttp create(ProviderConfig config, Retry retry) {
        Duration connect = config.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connect);
        config.get("caCertificate").ifPresent(pem -> b.sslContext(sslContext(pem, config)));
        return new ProviderHttp(b.build(), connect, config.duration("readTimeout", DEFAULT_READ_TIMEOUT), retry);
    }

    /** The underlying client, for callers that need it directly. */
    public HttpClient client() { return client; }

    /** The per-request read timeout to put on each {@link HttpRequest}. */
    public Duration readTimeout() { return readTimeout; }

    /** A request builder for {@code uri} with the read timeout set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(readTimeout);
    }

    /**
     * Sends {@code request}, retrying connection failures and 429/500/502/503/504 answers up to the retry's
     * attempts. Returns the last response, whatever its status; the caller maps statuses.
     *
     * @throws SecretManagerException {@code TIMEOUT} when no response came in time, {@code UNREACHABLE}
     *     when the connection failed (TLS failures say to check {@code caCertificate})
     */
    public HttpResponse<byte[]> send(HttpRequest request) {
        String what = request.method() + " " + redactQuery(request.uri());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = exchange(request);
            } catch (HttpTimeoutException e) {
                throw failure(Reason.TIMEOUT, what + " timed out (connectTimeout/readTimeout); check that the store is up and reachable", e);
            } catch (SSLException e) {
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                        .message(what + " failed the TLS handshake: the server's certificate is not trusted or invalid; "
                                + "set caCertificate to the PEM of the CA that signed it")
                        .cause(e).build();
            } catch (IOException e) {
                if (attempt < retry.maxAttempts) {
                    pause(retry.backoff(attempt));
                    continue;
                }
                String detail = e instanceof ConnectException ? "connection refused or unreachable" : e.getClass().getSimpleName();
                throw failure(Reason.UNREACHABLE, what + " failed after " + attempt + " attempt(s): " + detail
                        + "; check the URL and that the store is reachable from here", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(Reason.UNREACHABLE, what + " was interrupted", e);
            }
            int status = response.statusCode();
            boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
            if (!retryable || attempt >= retry.maxAttempts) {
                return response;
            }
            Optional<Duration> after = retryAfter(response);
            if (after.isPresent() && after.get().compareTo(retry.maxRetryAfter) > 0) {
                return response;   // the store asks for a longer pause than we may wait here
            }
            pause(after.isPresent() ? after.get() : retry.backoff(attempt));
        }
    }

    /**
     * One request and its whole body within connectTimeout + the request's timeout. The JDK's request
     * timeout stops at the response headers, so a server that stalls mid-body would otherwise hang the
     * caller (and everyone waiting on the same load) for ever.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        Duration limit = request.timeout().orElse(readTimeout).plus(connectTimeout);
        try {
            return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("no complete response within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            throw new IOException(c);
        }
    }

    private static SecretManagerException failure(Reason reason, String message, Throwable cause) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, reason).message(message).cause(cause).build();
    }

    /** scheme://host:port/path: never user-info or the query, which may carry credentials. */
    private static String redactQuery(java.net.URI uri) {
        String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
        return uri.getRawQuery() == null ? s : s + "?…";
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                try {
                    var date = java.time.ZonedDateTime.parse(v.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(java.time.ZonedDateTime.now(date.getZone()), date);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (java.time.format.DateTimeParseException ignored) {
                    return Optional.empty();
                }
            }
        });
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Reason.UNREACHABLE, "interrupted while waiting to retry", e);
        }
    }

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
     * Trust managers that accept a chain the JVM's CAs or the CAs in {@code pem} trust (for clients
     * that take trust managers rather than an {@link SSLContext}). Hostname verification stays on.
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

    /** Trusts a chain that either the custom CAs or the JVM's CAs trust. Hostname checks stay on. */
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
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** How many attempts, and how long to wait between them. */
    public static final class Retry {
        private final int maxAttempts;
        private final Duration base;
        private final Duration cap;
        private final Duration maxRetryAfter;

        private Retry(int maxAttempts, Duration base, Duration cap, Duration maxRetryAfter) {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
            this.maxAttempts = maxAttempts;
            this.base = base;
            this.cap = cap;
            this.maxRetryAfter = maxRetryAfter;
        }

        /** 3 attempts, 200 ms doubling to 2 s with full jitter, honouring Retry-After up to 10 s. */
        public static Retry defaults() {
            return new Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
        }

        public static Retry of(int maxAttempts, Duration base, Duration cap, Duration maxRetryAfter) {
            return new Retry(maxAttempts, base, cap, maxRetryAfter);
        }

        public int maxAttempts() { return maxAttempts; }

        Duration backoff(int attempt) {
            long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
            return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        }
    }
}
