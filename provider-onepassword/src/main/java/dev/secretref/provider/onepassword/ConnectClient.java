package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ErrorRule;
import dev.secretref.provider.support.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The few 1Password Connect Server API calls this provider makes (bearer token, JSON), with Connect's
 * error body {@code {"status": 401, "message": "..."}} mapped to reasons. See
 * https://developer.1password.com/docs/connect/api-reference/.
 */
final class ConnectClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final String base;
    private final String token;
    private final Scrubber scrubber;

    ConnectClient(ProviderHttp http, String connectHost, String token, Scrubber scrubber) {
        this.http = http;
        String b = connectHost.strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        this.base = b;
        this.token = token;
        this.scrubber = scrubber;
    }

    /** A 404 answer; the caller knows which part (vault or item) was missing. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String serverMessage;

        NotFound(String serverMessage) {
            super(null, null, false, false);
            this.serverMessage = serverMessage;
        }

        String serverMessage() { return serverMessage; }
    }

    /** {@code GET /v1/vaults?filter=name eq "<name>"}. */
    JsonNode vaultsNamed(String name) {
        return getJson("/v1/vaults?filter=" + filter("name", name), "list vaults named '" + name + "'");
    }

    /** {@code GET /v1/vaults}. */
    JsonNode vaults() {
        return getJson("/v1/vaults", "list vaults");
    }

    /** {@code GET /v1/vaults/{id}/items?filter=title eq "<title>"}. */
    JsonNode itemsTitled(String vaultId, String title) {
        return getJson("/v1/vaults/" + vaultId + "/items?filter=" + filter("title", title), "list items titled '" + title + "'");
    }

    /** {@code GET /v1/vaults/{id}/items}. */
    JsonNode items(String vaultId) {
        return getJson("/v1/vaults/" + vaultId + "/items", "list items");
    }

    /**
     * {@code GET /v1/vaults/{id}/items?filter=<scimFilter>} (item summaries: no fields, so no values), or without a
     * filter when {@code scimFilter} is empty. Connect does not page this listing: one call gives the whole answer.
     */
    JsonNode itemsMatching(String vaultId, String scimFilter) {
        if (scimFilter.isEmpty()) return items(vaultId);
        return getJson("/v1/vaults/" + vaultId + "/items?filter=" + encode(scimFilter), "list items");
    }

    /** A SCIM filter term {@code attribute op "value"}, the value escaped as a SCIM string. */
    static String term(String attribute, String operator, String value) {
        return attribute + " " + operator + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code GET /v1/vaults/{vaultId}/items/{itemId}}: the full item with fields and sections. */
    JsonNode item(String vaultId, String itemId) {
        return getJson("/v1/vaults/" + vaultId + "/items/" + itemId, "get item");
    }

    /** {@code GET /heartbeat}: the server is up. */
    void heartbeat() {
        HttpResponse<byte[]> r = send("/heartbeat");
        if (r.statusCode() != 200) throw statusError(r, "heartbeat");
    }

    private static String filter(String attribute, String value) {
        return encode(term(attribute, "eq", value));
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode getJson(String pathAndQuery, String what) {
        HttpResponse<byte[]> r = send(pathAndQuery);
        if (r.statusCode() == 404) throw new NotFound(serverMessage(r));
        if (r.statusCode() != 200) throw statusError(r, what);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("1Password Connect answered " + what + " with a body that is not JSON; check that connectHost points at a Connect server")
                    .build();
        }
    }

    private HttpResponse<byte[]> send(String pathAndQuery) {
        HttpRequest request = http.request(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        return http.send(request);
    }

    private String serverMessage(HttpResponse<byte[]> r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            return scrubber.scrub(body.path("message").asText(""));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private SecretManagerException statusError(HttpResponse<byte[]> r, String what) {
        int status = r.statusCode();
        String said = serverMessage(r);
        String suffix = said.isEmpty() ? "" : " Connect said: " + said;
        return switch (status) {
            case 401 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("1Password Connect rejected the access token (HTTP 401, " + what + "); check connectToken: "
                            + "it must be a Connect access token for this server, not revoked or expired." + suffix).build();
            case 403 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .message("1Password Connect denied access (HTTP 403, " + what + "); give the access token read access to the vault."
                            + suffix).build();
            case 429 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.THROTTLED)
                    .message("1Password Connect rate-limited the request (HTTP 429, " + what + ") and retries did not get through." + suffix)
                    .build();
            default -> ErrorRule.forStatus(status)
                    .message("1Password Connect answered HTTP " + status + " (" + what + "); check the Connect server's health and logs."
                            + suffix).build();
        };
    }

    /** Cuts off calls in flight (they fail with reason {@code CLOSED}). */
    void close() {
        http.close();
    }

    @Override
    public String toString() { return "ConnectClient[" + base + ", token=██]"; }
}
