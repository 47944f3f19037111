package dev.secretref.provider.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * The status and codes of a Key Vault error answer: {@code {"error":{"code":"Forbidden","message":"…",
 * "innererror":{"code":"ForbiddenByRbac"}}}}. Only the codes are kept; the service's message is never
 * carried (it names callers and resources, and is not ours to repeat).
 */
record KeyVaultError(int status, String code, String innerCode) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static KeyVaultError of(HttpResponseException e) {
        int status = e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
        JsonNode error = parse(e).path("error");
        return new KeyVaultError(status, error.path("code").asText(""), error.path("innererror").path("code").asText(""));
    }

    private static JsonNode parse(HttpResponseException e) {
        JsonNode n = tryParse(e.getValue());
        if (n == null && e.getResponse() != null) {
            try {
                n = tryParse(e.getResponse().getBodyAsBinaryData());
            } catch (RuntimeException ignored) {
                // body already consumed: fall back to the exception's text
            }
        }
        if (n == null && e.getMessage() != null) {
            int brace = e.getMessage().indexOf('{');
            if (brace >= 0) n = tryParse(e.getMessage().substring(brace, e.getMessage().lastIndexOf('}') + 1));
        }
        return n == null ? JSON.createObjectNode() : n;
    }

    private static JsonNode tryParse(Object value) {
        try {
            if (value == null) return null;
            if (value instanceof BinaryData b) return JSON.readTree(b.toBytes());
            if (value instanceof byte[] bytes) return JSON.readTree(bytes);
            if (value instanceof String s) return JSON.readTree(s.getBytes(StandardCharsets.UTF_8));
            return JSON.valueToTree(value);
        } catch (Exception ignored) {
            return null;
        }
    }

    /** For messages: {@code 403 Forbidden/ForbiddenByRbac}. */
    String describe() {
        String codes = code.isEmpty() ? "" : " " + code + (innerCode.isEmpty() ? "" : "/" + innerCode);
        return "HTTP " + status + codes;
    }

    boolean is(String c) { return code.equalsIgnoreCase(c) || innerCode.equalsIgnoreCase(c); }
}
