package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns Composio's answers into {@link SecretManagerException}s whose messages say what to check. Composio's error
 * envelope is {@code {"error":{"message","code","slug","status","request_id",...}}}; messages quote its {@code slug}
 * and {@code request_id} (safe identifiers for Composio support), never its free-text message or any body.
 */
final class ComposioErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private ComposioErrors() { }

    /** The error for a non-200 answer to {@code GET connected_accounts/{id}}. */
    static SecretManagerException forAccount(int status, byte[] body, HttpHeaders headers, AccountPath path, int attempts) {
        String id = path.accountId();
        SecretManagerException e = switch (status) {
            case 400 -> SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .message("Composio rejected the connected account id " + id + " as malformed (400" + detail(body)
                            + "); check the id (ca_…) in the path").build();
            case 404 -> get(Reason.NOT_FOUND, "Composio has no connected account " + id + " (404" + detail(body) + ") in the project "
                    + "of this API key; check the id and that the account was not deleted");
            case 403 -> get(Reason.ACCESS_DENIED, "Composio refused to read connected account " + id + " (403" + detail(body)
                    + "); a scoped project API key needs read access to connected accounts");
            case 501 -> get(Reason.UNSUPPORTED, "Composio cannot return the details of connected account " + id + " (501"
                    + detail(body) + "): its auth scheme does not support it");
            default -> forStatus(status, body, headers, "reading connected account " + id, attempts);
        };
        return e.toBuilder().path(path.raw()).build();
    }

    /**
     * The error for an answer no call-specific mapping covered: 401, 403, 429, 5xx and anything unexpected.
     * {@code what} says what was being done ("listing connected accounts").
     */
    static SecretManagerException forStatus(int status, byte[] body, HttpHeaders headers, String what, int attempts) {
        if (status == 401) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("Composio rejected the API key while " + what + " (401" + detail(body) + "); check that apiKey is "
                            + "a current project API key (x-api-key) of the project that holds the connected accounts").build();
        }
        if (status == 403) {
            return get(Reason.ACCESS_DENIED, "Composio refused " + what + " (403" + detail(body) + "); a scoped project API key "
                    + "needs read access to connected accounts");
        }
        if (status == 429) {
            return throttled(what + " was rate-limited (429" + rateLimit(headers) + "), retried at most " + (attempts - 1)
                    + " time(s) and only after a Retry-After of 5 s or less",
                    retryAfter(headers));
        }
        if (status >= 500) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("Composio failed " + what + " with HTTP " + status + detail(body) + ", retried at most " + (attempts - 1)
                            + " time(s); check https://status.composio.dev and retry later").build();
        }
        return get(Reason.PROVIDER_ERROR, "Composio answered " + what + " with unexpected HTTP " + status + detail(body)
                + "; check that baseUrl points at the Composio API");
    }

    /** A {@code THROTTLED} error: Composio's organisation-wide budget is spent. */
    static SecretManagerException throttled(String what, Optional<Duration> retryAfter) {
        return get(Reason.THROTTLED, "Composio: " + what + ". The rate budget is shared by the whole Composio organisation; "
                + retryAfter.map(d -> d.isZero() ? "its window has just reset, so a retry may pass"
                        : "calls resume in " + (d.toMillis() + 999) / 1000 + " s").orElse("calls resume in 1 s")
                + ", and lower the call rate or raise the cache ttl if this repeats");
    }

    /** An answer that is not the JSON the API documents. */
    static SecretManagerException badPayload(String what) {
        return get(Reason.PROVIDER_ERROR, "Composio's answer to " + what + " was not the documented JSON; check that baseUrl "
                + "points at the Composio API and apiVersion is v3.1 or v3");
    }

    /** {@code Retry-After} in seconds, if present and numeric. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code "; budget 2000 per 60s, 0 left"} from the {@code X-RateLimit*} headers, or empty when absent. */
    private static String rateLimit(HttpHeaders headers) {
        Optional<String> limit = safe(headers.firstValue("X-RateLimit"));
        Optional<String> window = safe(headers.firstValue("X-RateLimit-Window-Size"));
        Optional<String> left = safe(headers.firstValue("X-RateLimit-Remaining"));
        if (limit.isEmpty() && left.isEmpty()) return "";
        return "; budget " + limit.orElse("?") + window.map(w -> " per " + w).orElse("") + left.map(r -> ", " + r + " left").orElse("");
    }

    /** {@code ", slug X, request id Y"} from the error envelope, or empty. */
    static String detail(byte[] body) {
        JsonNode error;
        try {
            error = body == null || body.length == 0 ? null : JSON.readTree(body).path("error");
        } catch (IOException e) {
            error = null;
        }
        if (error == null || !error.isObject()) return "";
        StringBuilder sb = new StringBuilder();
        safe(text(error.path("slug"))).ifPresent(s -> sb.append(", slug ").append(s));
        safe(text(error.path("code"))).ifPresent(s -> sb.append(", code ").append(s));
        safe(text(error.path("request_id"))).ifPresent(s -> sb.append(", request id ").append(s));
        return sb.toString();
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() || n.isNumber() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** Only short identifier-like text: nothing from a body that could carry a secret or break a log line. */
    private static Optional<String> safe(Optional<String> s) {
        return s.map(String::strip).filter(v -> SAFE.matcher(v).matches());
    }

    private static SecretManagerException get(Reason reason, String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, reason).message(message).build();
    }
}
