package dev.secretref.provider.gcp;

import dev.secretref.ErrorCode;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.Idempotency;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one place this provider touches the shared HTTP plumbing ({@link ProviderHttp}): the client carries the
 * config's {@code connectTimeout}, {@code readTimeout} and {@code caCertificate}, and {@link #send} retries
 * connection failures, 429 and 5xx with backoff. Both Secret Manager calls and the auth library's token
 * requests ({@link JdkHttpTransport}) go through it.
 */
final class GcpHttp {
    private final ProviderHttp http;

    private GcpHttp(ProviderHttp http) {
        this.http = http;
    }

    /** A client for {@code config} with the shared default retry policy (3 attempts, jittered backoff, Retry-After). */
    static GcpHttp create(ProviderConfig config) {
        return new GcpHttp(ProviderHttp.create(config, ProviderHttp.Retry.defaults()));
    }

    /** For tests: {@code attempts} attempts with {@code backoff} between them, so retry tests run in milliseconds. */
    static GcpHttp create(ProviderConfig config, int attempts, Duration backoff) {
        return new GcpHttp(ProviderHttp.create(config, ProviderHttp.Retry.of(attempts, backoff, backoff.multipliedBy(2), backoff)));
    }

    /** A request builder for {@code uri} with the read timeout set. */
    HttpRequest.Builder request(URI uri) {
        return http.request(uri);
    }

    /**
     * Sends with bounded retries; returns the last response whatever its status.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_CONNECTION_FAILED} with {@code TIMEOUT} or
     *     {@code UNREACHABLE} when no answer came: the store was not reached
     */
    HttpResponse<byte[]> send(HttpRequest request) {
        return send(request, Idempotency.of(request.method()));
    }

    /**
     * As {@link #send(HttpRequest)}, retrying a failed answer only when {@code idempotency} allows it: writes
     * ({@code :addVersion}, create) are replayed only when the request was never sent; token requests may be.
     */
    HttpResponse<byte[]> send(HttpRequest request, Idempotency idempotency) {
        try {
            return http.send(request, idempotency);
        } catch (SecretManagerException e) {
            if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED) throw e;
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                    .message(e.getMessage()).cause(e.getCause()).build();
        }
    }
}
