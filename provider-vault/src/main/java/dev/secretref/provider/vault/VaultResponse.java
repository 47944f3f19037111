package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import dev.secretref.provider.support.Redactor;

/**
 * One answer from Vault: the status, the JSON body, and Vault's {@code errors} / {@code warnings}
 * texts with every credential the provider knows (configured or obtained) replaced by {@code ██}. {@link #toString()} never shows the body.
 */
final class VaultResponse {
    private static final int MAX_ERROR_TEXT = 300;

    private final int status;
    private final JsonNode body;
    private final List<String> errors;
    private final List<String> warnings;

    private VaultResponse(int status, JsonNode body, List<String> errors, List<String> warnings) {
        this.status = status;
        this.body = body;
        this.errors = errors;
        this.warnings = warnings;
    }

    static VaultResponse of(int status, byte[] bytes, Redactor redactor) {
        JsonNode body = Json.parse(bytes);
        return new VaultResponse(status, body, texts(body.path("errors"), redactor), texts(body.path("warnings"), redactor));
    }

    private static List<String> texts(JsonNode array, Redactor redactor) {
        if (!array.isArray()) return List.of();
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            String s = redactor.scrub(n.asText(""));
            // Vault wraps several errors as "2 errors occurred:\n\t* a\n\t* b\n\n"; keep it on one line
            s = s.replaceAll("\\s*\\n\\s*\\*\\s*", " * ").strip();
            if (!s.isEmpty()) out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    int status() { return status; }

    JsonNode body() { return body; }

    boolean ok() { return status >= 200 && status < 300; }

    /** Vault's {@code errors}, credentials scrubbed, joined and shortened; {@code ""} when there are none. */
    String errorText() {
        String s = String.join("; ", errors);
        return s.length() > MAX_ERROR_TEXT ? s.substring(0, MAX_ERROR_TEXT) + "…" : s;
    }

    /** {@code 403} because the token itself is expired, revoked or unknown (not a policy denial). */
    boolean invalidToken() {
        return status == 403 && mentions(errors, "invalid token");
    }

    boolean sealed() {
        return mentions(errors, "sealed");
    }

    /** Vault's hint that a KV v1-style path was used on a KV v2 mount. */
    boolean versionedKvHint() {
        return mentions(warnings, "versioned k/v") || mentions(errors, "versioned k/v");
    }

    private static boolean mentions(List<String> texts, String needle) {
        for (String t : texts) {
            if (t.toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "VaultResponse[" + status + (errors.isEmpty() ? "" : ", errors=" + errorText()) + "]";
    }
}
