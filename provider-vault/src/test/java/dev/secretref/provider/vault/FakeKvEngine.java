package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stateful KV secrets engine behind {@link WireMockVault} (a WireMock transformer), serving the documented calls:
 * <ul>
 *   <li>KV v2 (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2): {@code GET :mount/data/:path}
 *       → {@code data.data} + {@code data.metadata.version} (404 {@code {"errors":[]}} when absent);
 *       {@code POST|PUT :mount/data/:path} with {@code {"options":{"cas":N},"data":{...}}} → 200
 *       {@code data.version}; {@code cas} must equal the current version (0: only if absent), else 400
 *       {@code "check-and-set parameter did not match the current version"}; with {@code cas_required} on the
 *       engine or the secret a write without {@code cas} is 400 {@code "check-and-set parameter required for this
 *       call"}; {@code DELETE :mount/metadata/:path} → 204 (also when absent); a v1-style path on a v2 mount → 404
 *       with the warning "Invalid path for a versioned K/V secrets engine..." (as in hashicorp/vault#4711,
 *       hvac/hvac#179).</li>
 *   <li>KV v1 (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1): {@code GET :mount/:path} →
 *       {@code data}; {@code POST|PUT :mount/:path} with the data map → 204; {@code DELETE :mount/:path} → 204.</li>
 * </ul>
 * Requests need {@code X-Vault-Token} equal to an accepted token; others get 403 permission denied.
 */
final class FakeKvEngine implements ResponseDefinitionTransformerV2 {
    static final String NAME = "fake-kv-engine";

    /** One mount: its version, its cas_required setting and its secrets (v2: versions; v1: one data map). */
    static final class Mount {
        final String path;
        final int version;
        volatile boolean casRequired;
        final Map<String, Secret> secrets = new ConcurrentHashMap<>();

        Mount(String path, int version) {
            this.path = path;
            this.version = version;
        }
    }

    static final class Secret {
        final TreeMap<Long, JsonNode> versions = new TreeMap<>();
        boolean casRequired;

        long current() { return versions.isEmpty() ? 0 : versions.lastKey(); }
    }

    private final Map<String, Mount> mounts = new ConcurrentHashMap<>();
    private final java.util.Set<String> tokens = ConcurrentHashMap.newKeySet();

    void clear() {
        mounts.clear();
        tokens.clear();
    }

    Mount mount(String path, int version) {
        Mount m = new Mount(path, version);
        mounts.put(path, m);
        return m;
    }

    void acceptToken(String token) { tokens.add(token); }

    void revokeToken(String token) { tokens.remove(token); }

    @Override
    public String getName() { return NAME; }

    @Override
    public boolean applyGlobally() { return false; }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        var req = event.getRequest();
        if (!tokens.contains(String.valueOf(req.getHeader("X-Vault-Token")))) {
            return WireMockVault.json(403, WireMockVault.PERMISSION_DENIED).build();
        }
        String url = req.getUrl();
        String query = "";
        int q = url.indexOf('?');
        if (q >= 0) {
            query = url.substring(q + 1);
            url = url.substring(0, q);
        }
        String path = URLDecoder.decode(url.substring("/v1/".length()), StandardCharsets.UTF_8);
        Mount m = null;
        for (Mount c : mounts.values()) {
            if (path.startsWith(c.path + "/") && (m == null || c.path.length() > m.path.length())) m = c;
        }
        if (m == null) return WireMockVault.json(404, WireMockVault.NOT_FOUND).build();
        String rel = path.substring(m.path.length() + 1);
        String method = req.getMethod().getName();
        JsonNode body = Json.parse(req.getBody());
        synchronized (m) {
            return (m.version == 2 ? v2(m, method, rel, query, body) : v1(m, method, rel, body)).build();
        }
    }

    private static ResponseDefinitionBuilder v2(Mount m, String method, String rel, String query, JsonNode body) {
        if (rel.startsWith("data/")) {
            String name = rel.substring(5);
            Secret s = m.secrets.get(name);
            switch (method) {
                case "GET" -> {
                    if (s == null || s.versions.isEmpty()) return WireMockVault.json(404, WireMockVault.NOT_FOUND);
                    long v = query.startsWith("version=") ? Long.parseLong(query.substring(8)) : s.current();
                    JsonNode data = s.versions.get(v);
                    if (data == null) return WireMockVault.json(404, WireMockVault.NOT_FOUND);
                    return WireMockVault.json(200, WireMockVault.v2Body(data, v, "", false));
                }
                case "POST", "PUT" -> {
                    JsonNode cas = body.path("options").path("cas");
                    long current = s == null ? 0 : s.current();
                    if (cas.isMissingNode() || cas.isNull()) {
                        if (m.casRequired || (s != null && s.casRequired)) {
                            return WireMockVault.json(400, "{\"errors\":[\"check-and-set parameter required for this call\"]}");
                        }
                    } else if (cas.asLong() != current) {
                        return WireMockVault.json(400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
                    }
                    if (!body.path("data").isObject()) {
                        return WireMockVault.json(400, "{\"errors\":[\"no data provided\"]}");
                    }
                    Secret target = m.secrets.computeIfAbsent(name, n -> new Secret());
                    long next = current + 1;
                    target.versions.put(next, body.get("data").deepCopy());
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.put("request_id", "9b3c").put("lease_id", "").put("renewable", false).put("lease_duration", 0);
                    out.putObject("data").put("created_time", "2026-12-03T10:00:00.000000Z").putNull("custom_metadata")
                            .put("deletion_time", "").put("destroyed", false).put("version", next);
                    out.putNull("wrap_info");
                    out.putNull("warnings");
                    out.putNull("auth");
                    return WireMockVault.json(200, out);
                }
                default -> {
                    return WireMockVault.json(405, "{\"errors\":[\"1 error occurred:\\n\\t* unsupported operation\\n\\n\"]}");
                }
            }
        }
        if (rel.startsWith("metadata/") && method.equals("DELETE")) {
            m.secrets.remove(rel.substring(9));
            return aResponse().withStatus(204);
        }
        return WireMockVault.json(404, "{\"request_id\":\"5e1d\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
                + "\"data\":null,\"wrap_info\":null,\"warnings\":[\"Invalid path for a versioned K/V secrets engine. See the API "
                + "docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv put' for this operation.\"],"
                + "\"auth\":null}");
    }

    private static ResponseDefinitionBuilder v1(Mount m, String method, String rel, JsonNode body) {
        Secret s = m.secrets.get(rel);
        switch (method) {
            case "GET" -> {
                if (s == null) return WireMockVault.json(404, WireMockVault.NOT_FOUND);
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("request_id", "1a2b").put("lease_id", "").put("renewable", false).put("lease_duration", 2764800);
                out.set("data", s.versions.lastEntry().getValue());
                return WireMockVault.json(200, out);
            }
            case "POST", "PUT" -> {
                if (!body.isObject()) return WireMockVault.json(400, "{\"errors\":[\"missing data fields\"]}");
                Secret fresh = new Secret();
                fresh.versions.put(1L, body.deepCopy());
                m.secrets.put(rel, fresh);
                return aResponse().withStatus(204);
            }
            case "DELETE" -> {
                m.secrets.remove(rel);
                return aResponse().withStatus(204);
            }
            default -> {
                return WireMockVault.json(405, "{\"errors\":[\"1 error occurred:\\n\\t* unsupported operation\\n\\n\"]}");
            }
        }
    }
}
