package dev.secretref.provider.support;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * HTTP plumbing shared by providers that talk to their store with {@code java.net.http}: a client with the
 * config's connect timeout and CA certificate (TLS always verified), and {@link #send} with bounded retries,
 * {@link Backoff full-jitter} backoff and {@code Retry-After}, mapping transport failures to {@code TIMEOUT} /
 * {@code UNREACHABLE} ({@code SECRET_MANAGER_CONNECTION_FAILED}, see {@link ErrorRule}). Non-idempotent
 * requests (a login) are retried only when they were never sent. {@link #close()} cuts off calls in flight,
 * which then fail with reason {@code CLOSED}. Messages name the method and URL, never headers, bodies,
 * user-info or the query.
 */
public final class ProviderHttp implements AutoCloseable {
    /** Default connect timeout when the config sets none. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default read timeout when the config sets none. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Retry retry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final boolean caCertificateSet;
    private final Set<HttpCall> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ProviderHttp(Builder b) {
        ProviderConfig config = b.config;
        this.connectTimeout = config.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        this.readTimeout = config.duration("readTimeout", DEFAULT_READ_TIMEOUT);
        HttpClient.Builder hb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        Optional<String> ca = config.get("caCertificate");
        ca.ifPresent(pem -> hb.sslContext(PemTrust.sslContext(pem, config)));
        this.caCertificateSet = ca.isPresent();
        this.client = hb.build();
        this.retry = b.retry;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
    }

    /** A client configured from {@code connectTimeout}, {@code readTimeout} and {@code caCertificate}. */
    public static ProviderHttp create(ProviderConfig config, Retry retry) {
        return builder(config).retry(retry).build();
    }

    /** A builder over the config's {@code connectTimeout}, {@code readTimeout} and {@code caCertificate}. */
    public static Builder builder(ProviderConfig config) {
        return new Builder(config);
    }

    /** The per-request read timeout to put on each {@link HttpRequest}. */
    public Duration readTimeout() { return readTimeout; }

    /** Whether the config names a {@code caCertificate}. */
    public boolean caCertificateSet() { return caCertificateSet; }

    /** A request builder for {@code uri} with the read timeout set. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(readTimeout);
    }

    /** {@link #send(HttpRequest, Idempotency)} with the method's default ({@link Idempotency#of}). */
    public HttpResponse<byte[]> send(HttpRequest request) {
        return send(request, Idempotency.of(request.method()));
    }

    /**
     * Sends {@code request} and returns the last response, whatever its status; the caller maps statuses. An
     * idempotent request is retried after connection failures and 429/500/502/503/504 answers, up to the
     * retry's attempts; a non-idempotent one only after a refused connection (it never reached the store).
     *
     * @throws SecretManagerException {@code TIMEOUT} when no response came in time, {@code UNREACHABLE} when
     *     the connection failed (TLS failures say what to check), {@code CLOSED} after {@link #close()}
     */
    public HttpResponse<byte[]> send(HttpRequest request, Idempotency idempotency) {
        String what = request.method() + " " + describe(request.uri());
        boolean repeatable = idempotency == Idempotency.IDEMPOTENT;
        for (int attempt = 1; ; attempt++) {
            if (closed) throw closedFailure(what, null);
            HttpResponse<byte[]> response;
            try {
                response = exchange(request);
            } catch (HttpTimeoutException e) {
                throw ErrorRule.failure(Reason.TIMEOUT)
                        .message(what + " timed out (connectTimeout/readTimeout); check that the store is up and reachable").cause(e).build();
            } catch (SSLException e) {
                throw ErrorRule.failure(Reason.UNREACHABLE)
                        .message(what + " failed the TLS handshake: " + TlsFailures.explain(e, caCertificateSet)).cause(e).build();
            } catch (CancellationException e) {
                throw closedFailure(what, e);
            } catch (IOException e) {
                if (closed) throw closedFailure(what, e);
                boolean neverSent = e instanceof ConnectException;
                if (attempt < retry.maxAttempts && (repeatable || neverSent)) {
                    pause(retry.backoff.delay(attempt), what);
                    continue;
                }
                String detail = neverSent ? "connection refused or unreachable" : e.getClass().getSimpleName();
                throw ErrorRule.failure(Reason.UNREACHABLE).message(what + " failed after " + attempt + " attempt(s): " + detail
                        + "; check the URL and that the store is reachable from here").cause(e).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (closed) throw closedFailure(what, e);
                throw ErrorRule.failure(Reason.UNREACHABLE).message(what + " was interrupted").cause(e).build();
            }
            int status = response.statusCode();
            boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
            if (!retryable || !repeatable || attempt >= retry.maxAttempts) {
                return response;
            }
            Optional<Duration> after = retryAfter(response);
            if (after.isPresent() && after.get().compareTo(retry.maxRetryAfter) > 0) {
                return response;   // the store asks for a longer pause than we may wait here
            }
            pause(after.isPresent() ? after.get() : retry.backoff.delay(attempt), what);
        }
    }

    /**
     * One request and its whole body within connectTimeout + the request's timeout, on the caller's thread (see
     * {@link HttpCall}). The JDK's request timeout stops at the response headers, so a server that stalls mid-body
     * would otherwise hang the caller.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        Duration limit = request.timeout().orElse(readTimeout).plus(connectTimeout);
        HttpCall call = new HttpCall(limit);
        inFlight.add(call);
        try {
            if (closed) throw new CancellationException("closed");
            return client.send(request, call);
        } catch (InterruptedException e) {
            if (call.wasCutOff()) throw new CancellationException("closed");
            throw e;
        } catch (IOException e) {
            if (call.expired()) throw new HttpTimeoutException("no complete response within " + limit.toMillis() + " ms");
            throw e;
        } finally {
            inFlight.remove(call);
            call.finish();
        }
    }

    private SecretManagerException closedFailure(String what, Throwable cause) {
        return ErrorRule.failure(Reason.CLOSED).message(what + " was cut off: the provider was closed").cause(cause).build();
    }

    /** scheme://host:port/path: never user-info or the query, which may carry credentials. */
    public static String describe(URI uri) {
        String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
        return uri.getRawQuery() == null ? s : s + "?…";
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime date = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(clock.instant(), date.toInstant());
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException ignored) {
                    return Optional.empty();
                }
            }
        });
    }

    private void pause(Duration d, String what) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (closed) throw closedFailure(what, e);
            throw ErrorRule.failure(Reason.UNREACHABLE).message(what + ": interrupted while waiting to retry").cause(e).build();
        }
    }

    /** Refuses new requests and cuts off those in flight; they fail with reason {@code CLOSED}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (HttpCall call : inFlight) call.cutOff();
    }

    @Override
    public String toString() {
        return "ProviderHttp[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", " + retry + "]";
    }

    /** Settings of a {@link ProviderHttp}; the defaults are {@link Retry#defaults()}, real sleeps and the UTC clock. */
    public static final class Builder {
        private final ProviderConfig config;
        private Retry retry = Retry.defaults();
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();

        private Builder(ProviderConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** How to wait between attempts (tests record the pauses instead of sleeping). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The wall clock that {@code Retry-After} dates are measured against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ProviderHttp build() {
            return new ProviderHttp(this);
        }
    }

    /** How many attempts, the backoff between them, and the longest {@code Retry-After} worth waiting for. */
    public static final class Retry {
        private final int maxAttempts;
        private final Backoff backoff;
        private final Duration maxRetryAfter;

        private Retry(int maxAttempts, Backoff backoff, Duration maxRetryAfter) {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
            this.maxAttempts = maxAttempts;
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        }

        /** 3 attempts, full-jitter backoff from 200 ms doubling up to 2 s, honouring Retry-After up to 10 s. */
        public static Retry defaults() {
            return of(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
        }

        /** {@code maxAttempts} attempts with full-jitter backoff from {@code base} up to {@code cap}. */
        public static Retry of(int maxAttempts, Duration base, Duration cap, Duration maxRetryAfter) {
            return new Retry(maxAttempts, Backoff.of(base, cap), maxRetryAfter);
        }

        /** {@code maxAttempts} attempts with the given backoff. */
        public static Retry of(int maxAttempts, Backoff backoff, Duration maxRetryAfter) {
            return new Retry(maxAttempts, backoff, maxRetryAfter);
        }

        public int maxAttempts() { return maxAttempts; }

        public Backoff backoff() { return backoff; }

        @Override
        public String toString() { return "Retry[" + maxAttempts + " attempts, " + backoff + ", maxRetryAfter=" + maxRetryAfter + "]"; }
    }
}
