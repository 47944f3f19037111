package dev.secretref.provider.composio;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Composio connected-accounts endpoints this provider calls, each a GET with the project key in
 * {@code x-api-key}: {@code /api/{version}/connected_accounts/{id}} and {@code /api/{version}/connected_accounts?limit=&cursor=}.
 * The only class that touches {@link ProviderHttp} (retries, timeouts, TLS). Transport failures come out as
 * {@code SECRET_MANAGER_CONNECTION_FAILED} ({@code TIMEOUT} / {@code UNREACHABLE}); after a 429 that the retries did not
 * get past, the {@link RateLimitGate} holds every further call until {@code Retry-After} has passed.
 */
final class ComposioApi {
    private static final Logger LOG = LoggerFactory.getLogger(ComposioApi.class);
    /**
     * Two attempts: one retry, after a {@code Retry-After} of at most 5 s (a longer one is not waited for), because
     * Composio's rate budget belongs to the whole organisation.
     */
    static final ProviderHttp.Retry RETRY = ProviderHttp.Retry.of(2, Duration.ofMillis(250), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    private final ProviderHttp http;
    private final ComposioSettings settings;
    private final RateLimitGate gate;
    private final int maxAttempts;

    private ComposioApi(ProviderHttp http, ComposioSettings settings, RateLimitGate gate, int maxAttempts) {
        this.http = http;
        this.settings = settings;
        this.gate = gate;
        this.maxAttempts = maxAttempts;
    }

    static ComposioApi create(ProviderConfig config, ComposioSettings settings, ProviderHttp.Retry retry, RateLimitGate gate) {
        return new ComposioApi(ProviderHttp.create(config, retry), settings, gate, retry.maxAttempts());
    }

    /** How many attempts one call makes at most (for messages). */
    int maxAttempts() { return maxAttempts; }

    /** {@code GET /api/{version}/connected_accounts/{id}}; the caller maps non-200 statuses. */
    HttpResponse<byte[]> account(String id) {
        return get(URI.create(root() + "/" + encode(id)), "reading connected account " + id);
    }

    /**
     * One page of {@code GET /api/{version}/connected_accounts}, oldest first ({@code order_by=created_at&order_direction=asc},
     * so accounts connected meanwhile do not shift the pages); {@code cursor} null for the first page.
     */
    HttpResponse<byte[]> accounts(int limit, String cursor) {
        String query = "?limit=" + limit + "&order_by=created_at&order_direction=asc" + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return get(URI.create(root() + query), "listing connected accounts");
    }

    private String root() {
        return settings.baseUrl() + "/api/" + settings.apiVersion() + "/connected_accounts";
    }

    private HttpResponse<byte[]> get(URI uri, String what) {
        Optional<Duration> wait = gate.remaining();
        if (wait.isPresent()) {
            throw ComposioErrors.throttled(what + " was not attempted: Composio answered 429 a moment ago and asked to wait", wait);
        }
        HttpRequest request = http.request(uri)
                .header("x-api-key", settings.apiKey())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request);
        } catch (SecretManagerException e) {
            throw asConnectionFailure(e);
        }
        if (response.statusCode() == 429) {
            Optional<Duration> after = ComposioErrors.retryAfter(response.headers());
            gate.throttled(after);
            LOG.warn("Composio answered 429 while {} (organisation-wide rate budget, {} left); Retry-After {}",
                    what, response.headers().firstValue("X-RateLimit-Remaining").filter(v -> v.strip().matches("\\d{1,12}")).orElse("?"),
                    after.map(d -> d.toSeconds() + " s").orElse("absent, holding calls " + RateLimitGate.DEFAULT_PAUSE.toSeconds() + " s"));
        }
        return response;
    }

    /** The store was not reached: per the error-code rule that is a connection failure, whatever the plumbing said. */
    private static SecretManagerException asConnectionFailure(SecretManagerException e) {
        if (e.code() != ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED
                || (e.reason() != Reason.TIMEOUT && e.reason() != Reason.UNREACHABLE)) {
            return e;
        }
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                .message("Composio: " + e.getMessage()).cause(e.getCause()).path(e.path()).build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() { return "ComposioApi[" + settings + ", " + gate + "]"; }
}
