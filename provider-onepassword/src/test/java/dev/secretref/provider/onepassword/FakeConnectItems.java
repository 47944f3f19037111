package dev.secretref.provider.onepassword;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful 1Password Connect server (a WireMock transformer) for the writer tests, serving the calls of
 * https://developer.1password.com/docs/connect/api-reference/ (API spec 1.8.1): {@code GET /v1/vaults?filter=name eq "..."},
 * {@code GET /v1/vaults/{vaultId}/items?filter=title eq "..."} (Item summaries, no fields),
 * {@code GET /v1/vaults/{vaultId}/items/{itemId}} (FullItem), {@code POST /v1/vaults/{vaultId}/items} (FullItem in, the
 * stored FullItem with ids out, 200), {@code PUT /v1/vaults/{vaultId}/items/{itemId}} (replaces the item; the body's
 * {@code id} and {@code vault.id} must match the URL, 200), {@code DELETE /v1/vaults/{vaultId}/items/{itemId}} (204),
 * {@code GET /heartbeat}. Errors are {@code {"status": N, "message": "..."}}: 401 without the bearer token, 403 for a
 * vault the token may only read, 404 for an unknown vault or item, 400 for an invalid item.
 */
final class FakeConnectItems implements ResponseDefinitionTransformerV2, AutoCloseable {
    static final String NAME = "fake-connect-items";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ITEMS = Pattern.compile("/v1/vaults/([^/?]+)/items(?:/([^/?]+))?");
    private static final Set<String> FIELD_TYPES = Set.of("STRING", "EMAIL", "CONCEALED", "URL", "TOTP", "DATE", "MONTH_YEAR", "MENU");

    final WireMockServer server;
    private final Map<String, ObjectNode> vaults = new ConcurrentHashMap<>();           // id -> Vault
    private final Map<String, Map<String, ObjectNode>> items = new ConcurrentHashMap<>(); // vault id -> item id -> FullItem
    private final Set<String> readOnly = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();

    FakeConnectItems() {
        server = new WireMockServer(options().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(NAME)));
    }

    String url() { return server.baseUrl(); }

    String newId(String seed) {
        String base = seed.toLowerCase().replaceAll("[^a-z0-9]", "") + "wwwwwwwwwwwwwwwwwwwwwwwwww";
        String n = Integer.toString(ids.incrementAndGet(), 36);
        return base.substring(0, 26 - n.length()) + n;
    }

    /** A vault the token may read and write. */
    String vault(String name) {
        String id = newId("v" + name);
        ObjectNode v = JSON.createObjectNode().put("id", id).put("name", name).put("attributeVersion", 1)
                .put("contentVersion", 1).put("items", 0).put("type", "USER_CREATED");
        vaults.put(id, v);
        items.put(id, new ConcurrentHashMap<>());
        return id;
    }

    /** Makes the vault read-only for the token (writes get 403). */
    void readOnly(String vaultId) { readOnly.add(vaultId); }

    Map<String, ObjectNode> itemsOf(String vaultId) { return items.get(vaultId); }

    @Override
    public String getName() { return NAME; }

    @Override
    public boolean applyGlobally() { return false; }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        var req = event.getRequest();
        if (!("Bearer " + FakeConnect.TOKEN).equals(req.getHeader("Authorization"))) {
            return error(401, "Invalid token signature").build();
        }
        String url = req.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String filter = url.contains("filter=") ? URLDecoder.decode(url.substring(url.indexOf("filter=") + 7), StandardCharsets.UTF_8) : null;
        String method = req.getMethod().getName();
        if (path.equals("/heartbeat")) return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(".").build();
        if (path.equals("/v1/vaults") && method.equals("GET")) {
            ArrayNode out = JSON.createArrayNode();
            for (ObjectNode v : vaults.values()) {
                if (filter == null || filter.equals("name eq \"" + v.get("name").asText() + "\"")) out.add(v);
            }
            return json(200, out).build();
        }
        Matcher m = ITEMS.matcher(path);
        if (!m.matches()) return error(404, "Resource not found").build();
        String vaultId = m.group(1);
        String itemId = m.group(2);
        Map<String, ObjectNode> inVault = items.get(vaultId);
        if (inVault == null) return error(404, "Invalid Vault UUID").build();
        if (!method.equals("GET") && readOnly.contains(vaultId)) {
            return error(403, "Authorization: token has no write access to vault " + vaultId).build();
        }
        JsonNode body;
        try {
            body = req.getBodyAsString().isEmpty() ? null : JSON.readTree(req.getBodyAsString());
        } catch (IOException e) {
            return error(400, "Invalid request body").build();
        }
        switch (method) {
            case "GET" -> {
                if (itemId == null) {
                    ArrayNode out = JSON.createArrayNode();
                    for (ObjectNode i : inVault.values()) {
                        if (filter != null && !filter.equals("title eq \"" + i.get("title").asText() + "\"")) continue;
                        ObjectNode summary = i.deepCopy();
                        summary.remove(java.util.List.of("sections", "fields"));
                        out.add(summary);
                    }
                    return json(200, out).build();
                }
                ObjectNode i = inVault.get(itemId);
                return i == null ? error(404, "Item not found").build() : json(200, i).build();
            }
            case "POST", "PUT" -> {
                if (method.equals("POST") && itemId != null) return error(405, "Method not allowed").build();
                if (method.equals("PUT") && (itemId == null || !inVault.containsKey(itemId))) return error(404, "Item not found").build();
                String invalid = invalid(body, vaultId, method.equals("PUT") ? itemId : null);
                if (invalid != null) return error(400, invalid).build();
                ObjectNode stored = ((ObjectNode) body).deepCopy();
                String id = itemId != null ? itemId : newId("i" + body.get("title").asText());
                stored.put("id", id);
                stored.put("version", method.equals("PUT") ? inVault.get(id).path("version").asInt(1) + 1 : 1);
                stored.put("createdAt", "2026-12-03T10:00:00Z").put("updatedAt", "2026-12-03T10:00:00Z");
                for (JsonNode f : stored.withArray("fields")) {
                    if (!f.hasNonNull("id")) ((ObjectNode) f).put("id", newId("f" + f.path("label").asText()));
                }
                inVault.put(id, stored);
                return json(200, stored).build();
            }
            case "DELETE" -> {
                if (itemId == null || inVault.remove(itemId) == null) return error(404, "Item not found").build();
                return aResponse().withStatus(204).build();
            }
            default -> {
                return error(405, "Method not allowed").build();
            }
        }
    }

    /** Why Connect would refuse {@code item} (null when it is valid). */
    private static String invalid(JsonNode item, String vaultId, String pathItemId) {
        if (item == null || !item.isObject()) return "Invalid request body";
        if (!vaultId.equals(item.path("vault").path("id").asText())) return "Item's vault id does not match the path";
        if (pathItemId != null && !pathItemId.equals(item.path("id").asText())) return "Item's id does not match the path";
        if (item.path("category").asText("").isEmpty()) return "Item is missing a category";
        for (JsonNode f : item.path("fields")) {
            if (!FIELD_TYPES.contains(f.path("type").asText("STRING"))) return "Invalid field type";
        }
        return null;
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":" + status + ",\"message\":\"" + message + "\"}");
    }

    private static ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() { server.stop(); }
}
