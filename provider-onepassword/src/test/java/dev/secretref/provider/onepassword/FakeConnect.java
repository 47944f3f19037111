package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful 1Password Connect server on testkit's {@link FakeHttpServer}, serving the calls of
 * https://developer.1password.com/docs/connect/api-reference/ (API spec 1.8.1):
 * <ul>
 *   <li>{@code GET /v1/vaults[?filter=name eq "..."]}: an array of Vault ({@code id, name, attributeVersion,
 *       contentVersion, items, type, createdAt, updatedAt});</li>
 *   <li>{@code GET /v1/vaults/{vaultId}/items[?filter=...]}: an array of Item summaries (no {@code fields} or
 *       {@code sections}) with {@code id, title, version, vault{id}, category, lastEditedBy, createdAt, updatedAt}; the whole
 *       vault in one answer (Connect does not page this listing). "Items can only be filtered by title or tag" with
 *       SCIM-style filters; besides the documented {@code eq}, the {@code co} (contains) and {@code sw} operators and
 *       {@code and}/{@code or} that 1Password's Connect answers (see the integration tests of RohanNagar/op-connect-sdk-java,
 *       {@code title co "Sample"}, {@code title eq "..." or title co "Credit"}). Connect documents no case rule for them:
 *       this fake compares case-sensitively, the strict reading, so a provider that relied on case folding would fail here;</li>
 *   <li>{@code GET /v1/vaults/{vaultId}/items/{itemId}}: the FullItem with {@code fields[]} and {@code sections[]};</li>
 *   <li>{@code POST /v1/vaults/{vaultId}/items} (FullItem in, the stored FullItem with ids out, 200),
 *       {@code PUT /v1/vaults/{vaultId}/items/{itemId}} (replaces the item; body {@code id} and {@code vault.id} must match
 *       the URL, 200), {@code DELETE /v1/vaults/{vaultId}/items/{itemId}} (204);</li>
 *   <li>{@code GET /heartbeat}: {@code .} as text/plain.</li>
 * </ul>
 * Errors are {@code {"status": N, "message": "..."}}: 401 "Invalid token signature" without the bearer token, 403 for a
 * vault the token may not read ({@link #deny}) or write ({@link #readOnly}), 404 for an unknown vault or item, 400 for an
 * invalid item or filter. Every request is in {@link #server()}'s journal; a test overrides an answer with a later
 * {@code server().route(...)}.
 */
final class FakeConnect implements AutoCloseable {
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.connectTokenForTests.sig";
    static final String SEEDED_AT = "2024-05-01T10:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ITEMS = Pattern.compile("/v1/vaults/([^/]+)/items(?:/([^/]+))?");
    private static final Pattern TERM = Pattern.compile("\\s*(\\w+)\\s+(eq|co|sw)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(?:(and|or)\\s+|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> FIELD_TYPES = Set.of("STRING", "EMAIL", "CONCEALED", "URL", "TOTP", "DATE", "MONTH_YEAR", "MENU");

    private final FakeHttpServer server;
    private final Map<String, ObjectNode> vaults = new LinkedHashMap<>();       // name -> Vault
    private final Map<String, List<ObjectNode>> items = new LinkedHashMap<>();  // vault id -> FullItems
    private final List<String> readOnly = new ArrayList<>();
    private final List<String> denied = new ArrayList<>();
    private int ids;

    /** A fake on a new plain-HTTP server. */
    FakeConnect() {
        this(FakeHttpServer.http());
    }

    /** A fake answering on {@code server} (e.g. {@link FakeHttpServer#https}). */
    FakeConnect(FakeHttpServer server) {
        this.server = server;
        server.route("*", ".*", this::answer);
    }

    FakeHttpServer server() { return server; }

    String url() { return server.url().toString(); }

    /** A 26-character id like 1Password's. */
    synchronized String newId(String seed) {
        String base = seed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "qqqqqqqqqqqqqqqqqqqqqqqqqq";
        String n = Integer.toString(++ids, 36);
        return base.substring(0, 26 - n.length()) + n;
    }

    /** The vault named {@code name}, created (readable and writable) if absent. */
    synchronized ObjectNode vault(String name) {
        return vaults.computeIfAbsent(name, n -> {
            ObjectNode v = JSON.createObjectNode();
            v.put("id", newId("v" + n));
            v.put("name", n);
            v.put("attributeVersion", 1);
            v.put("contentVersion", 3);
            v.put("items", 0);
            v.put("type", "USER_CREATED");
            v.put("createdAt", SEEDED_AT);
            v.put("updatedAt", SEEDED_AT);
            items.put(v.get("id").asText(), new ArrayList<>());
            return v;
        });
    }

    String vaultId(String name) { return vault(name).get("id").asText(); }

    /** Gives vault {@code name} a new id, as when a vault is re-created with its items: the old id answers 404. */
    synchronized String renewVaultId(String name) {
        ObjectNode v = vault(name);
        String old = v.get("id").asText();
        String fresh = newId("v" + name);
        v.put("id", fresh);
        List<ObjectNode> moved = items.remove(old);
        moved.forEach(i -> ((ObjectNode) i.get("vault")).put("id", fresh));
        items.put(fresh, moved);
        return fresh;
    }

    /** The item titled {@code title} in vault {@code vault}, created if absent; changes to the node are served as they are. */
    synchronized ObjectNode item(String vault, String title) {
        List<ObjectNode> inVault = items.get(vaultId(vault));
        for (ObjectNode i : inVault) {
            if (i.get("title").asText().equals(title)) return i;
        }
        ObjectNode i = JSON.createObjectNode();
        i.put("id", newId("i" + title));
        i.put("title", title);
        i.put("version", 1);
        i.putObject("vault").put("id", vaultId(vault));
        i.put("category", "LOGIN");
        i.put("lastEditedBy", "DOCSAMPLEUSER0000000000000");
        i.put("createdAt", SEEDED_AT);
        i.put("updatedAt", SEEDED_AT);
        i.putArray("sections");
        i.putArray("fields");
        inVault.add(i);
        return i;
    }

    /** Adds a field; a null value leaves "value" out, as Connect does for an empty field. */
    synchronized ObjectNode field(String vault, String item, String section, String label, String value) {
        return ItemJson.addField(item(vault, item), section, label, value, this::newId);
    }

    /** Writes to the vault (name or id) get 403. */
    synchronized FakeConnect readOnly(String vault) {
        readOnly.add(vault);
        return this;
    }

    /** Every request for the vault's items (name or id) gets 403, as for a vault the token was not given. */
    synchronized FakeConnect deny(String vault) {
        denied.add(vault);
        return this;
    }

    /** The items of a vault by id, item id to FullItem (a snapshot). */
    synchronized Map<String, ObjectNode> itemsOf(String vaultId) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (ObjectNode i : items.get(vaultId)) out.put(i.get("id").asText(), i);
        return out;
    }

    private synchronized Response answer(Request req) {
        if (!("Bearer " + TOKEN).equals(req.header("Authorization"))) return error(401, "Invalid token signature");
        String path = req.path();
        String method = req.method();
        String filter = req.queryParam("filter");
        if (path.equals("/heartbeat") && method.equals("GET")) return Response.text(200, ".");
        if (path.equals("/v1/vaults") && method.equals("GET")) {
            Predicate<JsonNode> keep = matcher(filter);
            if (keep == null) return error(400, "Invalid filter");
            ArrayNode out = JSON.createArrayNode();
            for (ObjectNode v : vaults.values()) {
                if (keep.test(v)) out.add(v);
            }
            return json(200, out);
        }
        Matcher m = ITEMS.matcher(path);
        if (!m.matches()) return error(404, "Resource not found");
        String vaultId = m.group(1);
        String itemId = m.group(2);
        List<ObjectNode> inVault = items.get(vaultId);
        if (inVault == null) return error(404, "Invalid Vault UUID");
        String vaultName = vaultName(vaultId);
        if (denied.contains(vaultId) || denied.contains(vaultName)) return error(403, "Unauthorized access");
        if (!method.equals("GET") && (readOnly.contains(vaultId) || readOnly.contains(vaultName))) {
            return error(403, "Authorization: token has no write access to vault " + vaultId);
        }
        ObjectNode existing = itemId == null ? null : find(inVault, itemId);
        switch (method) {
            case "GET" -> {
                if (itemId != null) return existing == null ? error(404, "Item not found") : json(200, existing);
                Predicate<JsonNode> keep = matcher(filter);
                if (keep == null) return error(400, "Invalid filter");
                ArrayNode out = JSON.createArrayNode();
                for (ObjectNode i : inVault) {
                    if (!keep.test(i)) continue;
                    ObjectNode summary = i.deepCopy();
                    summary.remove(List.of("sections", "fields"));
                    out.add(summary);
                }
                return json(200, out);
            }
            case "POST", "PUT" -> {
                if (method.equals("POST") && itemId != null) return error(405, "Method not allowed");
                if (method.equals("PUT") && existing == null) return error(404, "Item not found");
                JsonNode body;
                try {
                    body = req.body().isEmpty() ? null : JSON.readTree(req.body());
                } catch (IOException e) {
                    return error(400, "Invalid request body");
                }
                String invalid = invalid(body, vaultId, method.equals("PUT") ? itemId : null);
                if (invalid != null) return error(400, invalid);
                ObjectNode stored = ((ObjectNode) body).deepCopy();
                stored.put("id", existing != null ? itemId : newId("i" + body.get("title").asText()));
                stored.put("version", existing != null ? existing.path("version").asInt(1) + 1 : 1);
                stored.put("createdAt", existing != null ? existing.path("createdAt").asText(SEEDED_AT) : "2026-12-03T10:00:00Z");
                stored.put("updatedAt", "2026-12-03T10:00:00Z");
                for (JsonNode f : stored.withArray("fields")) {
                    if (!f.hasNonNull("id")) ((ObjectNode) f).put("id", newId("f" + f.path("label").asText()));
                }
                if (existing != null) inVault.set(inVault.indexOf(existing), stored);
                else inVault.add(stored);
                return json(200, stored);
            }
            case "DELETE" -> {
                if (existing == null) return error(404, "Item not found");
                inVault.remove(existing);
                return Response.empty(204);
            }
            default -> {
                return error(405, "Method not allowed");
            }
        }
    }

    private String vaultName(String id) {
        for (ObjectNode v : vaults.values()) {
            if (v.get("id").asText().equals(id)) return v.get("name").asText();
        }
        return "";
    }

    private static ObjectNode find(List<ObjectNode> inVault, String id) {
        for (ObjectNode i : inVault) {
            if (i.get("id").asText().equals(id)) return i;
        }
        return null;
    }

    /**
     * What a SCIM-style filter keeps (attribute eq|co|sw "value", joined left to right by and/or; strings compared
     * case-sensitively), everything for no filter, or null when the filter does not parse.
     */
    static Predicate<JsonNode> matcher(String filter) {
        if (filter == null || filter.isBlank()) return n -> true;
        Predicate<JsonNode> out = null;
        String joiner = null;
        int at = 0;
        Matcher m = TERM.matcher(filter);
        while (at < filter.length()) {
            if (!m.find(at) || m.start() != at) return null;
            String attribute = m.group(1);
            String op = m.group(2).toLowerCase(Locale.ROOT);
            String value = m.group(3).replaceAll("\\\\(.)", "$1");
            Predicate<JsonNode> term = n -> {
                String actual = n.path(attribute).asText(null);
                if (actual == null) return false;
                return switch (op) {
                    case "eq" -> actual.equals(value);
                    case "co" -> actual.contains(value);
                    default -> actual.startsWith(value);
                };
            };
            out = out == null ? term : "and".equalsIgnoreCase(joiner) ? out.and(term) : out.or(term);
            joiner = m.group(4);
            at = m.end();
            if (joiner == null && at < filter.length()) return null;
        }
        return joiner == null ? out : null;
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

    /** Connect's error body. */
    static Response error(int status, String message) {
        return Response.json(status, "{\"status\":" + status + ",\"message\":\"" + message + "\"}");
    }

    static Response json(int status, Object body) {
        try {
            return Response.json(status, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() { server.close(); }
}
