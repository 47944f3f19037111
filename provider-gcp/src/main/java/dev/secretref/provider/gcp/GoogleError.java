package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * A Google API error answer, {@code {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED",
 * "details": [...]}}}. The canonical {@link #status} decides the mapping; when the body is not that shape
 * the status is derived from the HTTP code.
 */
record GoogleError(int httpStatus, String status, String message, boolean serviceDisabled) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    static GoogleError of(HttpResponse<byte[]> response) {
        int code = response.statusCode();
        String status = null;
        String message = "";
        boolean disabled = false;
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            if (error.isObject()) {
                status = error.path("status").asText(null);
                message = error.path("message").asText("");
                for (JsonNode d : error.path("details")) {
                    if ("SERVICE_DISABLED".equals(d.path("reason").asText())) disabled = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Google's error shape (a proxy's HTML page, say): the HTTP code decides
        }
        if (status == null || !status.matches("[A-Z_]{1,40}")) status = fromHttp(code);
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE) + "…";
        return new GoogleError(code, status, message.replaceAll("\\p{Cntrl}", " "), disabled);
    }

    private static String fromHttp(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "HTTP_" + code;
        };
    }

    /** {@code "403 PERMISSION_DENIED"}. */
    String label() { return httpStatus + " " + status; }

    /** Google's message, as a clause to append, or empty. */
    String said() { return message.isBlank() ? "" : "; Google said: " + message; }

    /** For FAILED_PRECONDITION on access: which state the version is in, when Google's message says. */
    String versionState() {
        String upper = message.toUpperCase(Locale.ROOT);
        if (upper.contains("DESTROYED")) return "destroyed";
        if (upper.contains("DISABLED")) return "disabled";
        return "disabled or destroyed";
    }
}
