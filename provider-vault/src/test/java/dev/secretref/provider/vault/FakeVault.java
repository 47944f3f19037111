package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Vault on testkit's {@link FakeHttpServer}, with a stateful KV secrets engine served by plain route
 * handlers. It answers the documented request and response shapes:
 * <ul>
 *   <li>KV v2 (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2): read {@code GET /v1/:mount/data/:path[?version=N]}
 *       → {@code data.data} + {@code data.metadata} ({@code created_time, custom_metadata, deletion_time, destroyed, version});
 *       a deleted or destroyed version answers 404 with that metadata and {@code data.data: null}
 *       (https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2/cookbook/delete-data, hashicorp/vault#4935, #24499);
 *       write {@code POST|PUT /v1/:mount/data/:path} with {@code {"options":{"cas":N},"data":{...}}} → 200 {@code data.version},
 *       400 {@code "check-and-set parameter did not match the current version"} or {@code "check-and-set parameter required for
 *       this call"} (with {@code cas_required}); list {@code LIST /v1/:mount/metadata/:folder/} → {@code data.keys}, folders
 *       ending in {@code /}, 404 {@code {"errors":[]}} for an empty folder; read metadata {@code GET /v1/:mount/metadata/:path}
 *       → {@code data.created_time, updated_time, current_version, oldest_version, versions}; {@code DELETE /v1/:mount/metadata/:path}
 *       → 204; a KV v1-style path on a v2 mount → 404 with the warning "Invalid path for a versioned K/V secrets engine..."
 *       (hashicorp/vault#4711, hvac/hvac#179).</li>
 *   <li>KV v1 (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1): {@code GET /v1/:mount/:path} → {@code data};
 *       {@code LIST /v1/:mount/:folder/} → {@code data.keys}; {@code POST|PUT} → 204; {@code DELETE} → 204.</li>
 *   <li>{@code GET /v1/sys/internal/ui/mounts} → {@code data.secret} (mount path → {@code type}, {@code options.version}) and
 *       {@code GET /v1/sys/internal/ui/mounts/:path} → {@code data.path}, {@code data.type}, {@code data.options.version}:
 *       https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts (and Vault's CLI {@code kvPreflightVersionRequest},
 *       which reads exactly those fields and treats 404 as KV v1).</li>
 *   <li>Logins {@code POST /v1/auth/:mount/login} with {@code role_id}/{@code secret_id} or {@code role}/{@code jwt} →
 *       {@code auth.client_token}, {@code auth.lease_duration}, {@code auth.renewable}, else 400 {@code "invalid role or
 *       secret ID"}: https://developer.hashicorp.com/vault/api-docs/auth/approle ,
 *       https://developer.hashicorp.com/vault/api-docs/auth/kubernetes ; {@code GET /v1/auth/token/lookup-self}:
 *       https://developer.hashicorp.com/vault/api-docs/auth/token</li>
 *   <li>Errors {@code {"errors":[...]}}: 403 {@code "1 error occurred:\n\t* permission denied\n\n"} for a policy denial, 403
 *       {@code "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"} for an expired or revoked token
 *       (https://developer.hashicorp.com/vault/docs/concepts/tokens , "Error responses", hashicorp/vault#26687), 404
 *       {@code {"errors":[]}} for any unknown path, 503 {@code "Vault is sealed"}; {@code X-Vault-Token} and
 *       {@code X-Vault-Namespace} headers: https://developer.hashicorp.com/vault/api-docs</li>
 * </ul>
 * Once a token is {@linkplain #acceptToken accepted}, the KV engine answers other tokens 403 permission denied. Tests
 * override any answer with {@code vault.http.route(...)} (the route added last wins) and read the request journal of
 * {@link #http}. One instance per test; {@link #close()} stops it.
 */
final class FakeVault implements AutoCloseable {
    static final String PERMISSION_DENIED = "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}";
    static final String INVALID_TOKEN = "{\"errors\":[\"2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n\"]}";
    static final String SEALED = "{\"errors\":[\"Vault is sealed\"]}";
    static final String NOT_FOUND = "{\"errors\":[]}";
    static final String INVALID_LOGIN = "{\"errors\":[\"invalid role or secret ID\"]}";
    static final ProviderHttp.Retry FAST_RETRY = ProviderHttp.Retry.of(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));
    private static final Instant EPOCH = Instant.parse("2026-11-01T10:00:00.000000Z");
    private static final String VERSIONED_KV_WARNING = "{\"request_id\":\"5e1d\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
            + "\"data\":null,\"wrap_info\":null,\"warnings\":[\"Invalid path for a versioned K/V secrets engine. See the API "
            + "docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv put' for this operation.\"],"
            + "\"auth\":null}";

    /** The server: routes, faults and the request journal. */
    final FakeHttpServer http;

    private final Map<String, Mount> mounts = new ConcurrentHashMap<>();
    private final Set<String> detectable = ConcurrentHashMap.newKeySet();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Set<String> lookupTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private volatile boolean checkTokens;

    FakeVault() {
        this(FakeHttpServer.http());
    }

    /** A Vault on HTTPS serving {@code certificates}' server certificate. */
    static FakeVault https(TestCertificates certificates) {
        return new FakeVault(FakeHttpServer.https(certificates));
    }

    private FakeVault(FakeHttpServer http) {
        this.http = http;
        http.route("*", "/.*", r -> json(404, NOT_FOUND));
        http.route("*", "/v1/(?<path>.+)", this::kv);
        http.route("GET", "/v1/sys/internal/ui/mounts", r -> mountList());
        http.route("GET", "/v1/sys/internal/ui/mounts/(?<path>.+)", r -> mountDetail(r.group("path")));
        http.route("GET", "/v1/auth/token/lookup-self", this::lookupSelf);
        http.route("POST", "/v1/auth/(?<mount>.+)/login", this::login);
    }

    String url() { return http.url().toString(); }

    @Override
    public void close() { http.close(); }

    static Response json(int status, String body) {
        return Response.json(status, body);
    }

    static Response json(int status, JsonNode body) {
        return Response.json(status, body.toString());
    }

    private static ObjectNode envelope() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("request_id", "0e9cf7c4-6b7e-5d2e-9b1a-3f0c2b8e8a11").put("lease_id", "").put("renewable", false).put("lease_duration", 0);
        n.putNull("wrap_info");
        n.putNull("warnings");
        n.putNull("auth");
        return n;
    }

    // ---------------------------------------------------------------- mounts

    /** A KV mount {@code sys/internal/ui/mounts} reports, served by the stateful engine. */
    Mount mount(String mount, int version) {
        detectable.add(mount);
        return engine(mount, version);
    }

    /** A mount (see {@link #mount}) whose KV calls need {@code token} (or another accepted one). */
    Mount kvMount(String mount, int version, String token) {
        acceptToken(token);
        return mount(mount, version);
    }

    /** The mount detection endpoint answers 403, as when a policy denies it. */
    void mountDetectionForbidden() {
        http.route("GET", "/v1/sys/internal/ui/mounts/.*", r -> json(403, PERMISSION_DENIED));
    }

    private Mount engine(String mount, int version) {
        return mounts.computeIfAbsent(mount, m -> new Mount(m, version));
    }

    private static ObjectNode mountInfo(Mount m) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("accessor", "kv_" + Integer.toHexString(m.path.hashCode()))
                .put("description", "key/value secret storage").put("local", false).put("path", m.path + "/")
                .put("seal_wrap", false).put("type", "kv").put("uuid", "5d6e7c1a-0000-4000-8000-000000000001");
        data.putObject("config").put("default_lease_ttl", 0).put("max_lease_ttl", 0).put("force_no_cache", false);
        if (m.version == 2) {
            data.putObject("options").put("version", "2");
        } else {
            data.putNull("options");
        }
        return data;
    }

    private Response mountDetail(String path) {
        Mount best = null;
        for (String name : detectable) {
            Mount m = mounts.get(name);
            if ((path.equals(m.path) || path.startsWith(m.path + "/")) && (best == null || m.path.length() > best.path.length())) best = m;
        }
        if (best == null) return json(404, NOT_FOUND);
        ObjectNode body = envelope();
        body.set("data", mountInfo(best));
        return json(200, body);
    }

    private Response mountList() {
        ObjectNode body = envelope();
        ObjectNode data = body.putObject("data");
        data.putObject("auth").putObject("token/").put("description", "token based credentials").put("type", "token");
        ObjectNode secret = data.putObject("secret");
        secret.putObject("cubbyhole/").put("description", "per-token private secret storage").put("type", "cubbyhole");
        for (String name : new TreeSet<>(detectable)) secret.set(name + "/", mountInfo(mounts.get(name)));
        return json(200, body);
    }

    // ---------------------------------------------------------------- tokens and logins

    void acceptToken(String token) {
        accepted.add(token);
        revoked.remove(token);
        checkTokens = true;
    }

    /** Vault before 1.17 revoking {@code token}: the KV engine and {@code lookup-self} answer it a bare "permission denied". */
    void revokeToken(String token) {
        accepted.remove(token);
        lookupTokens.remove(token);
        revoked.add(token);
    }

    /** {@code GET /v1/auth/token/lookup-self} describes {@code token}. */
    void lookupSelf(String token) {
        lookupTokens.add(token);
    }

    private Response lookupSelf(Request r) {
        String token = r.header("X-Vault-Token");
        if (token != null && revoked.contains(token)) return json(403, PERMISSION_DENIED);
        if (token == null || !lookupTokens.contains(token)) return json(404, NOT_FOUND);
        ObjectNode body = envelope();
        body.putObject("data").put("accessor", "acc").put("display_name", "approle").put("renewable", true).put("ttl", 1190)
                .put("creation_ttl", 1200).put("path", "auth/approle/login").putArray("policies").add("default");
        return json(200, body);
    }

    static ObjectNode authBody(String token, long lease, boolean renewable) {
        ObjectNode body = envelope();
        body.putObject("data");
        ObjectNode auth = body.putObject("auth");
        auth.put("client_token", token).put("accessor", "acc-" + token.hashCode());
        auth.putArray("policies").add("default").add("app-read");
        auth.putArray("token_policies").add("default").add("app-read");
        auth.putNull("metadata");
        auth.put("lease_duration", lease).put("renewable", renewable).put("entity_id", "").put("token_type", "service").put("orphan", true);
        return body;
    }

    /** One login configuration: the body it accepts and the tokens successive logins return (the last one repeats). */
    private static final class Login {
        final JsonNode expected;
        final Deque<String> tokens;
        final long lease;
        final boolean renewable;

        Login(JsonNode expected, List<String> tokens, long lease, boolean renewable) {
            this.expected = expected;
            this.tokens = new ArrayDeque<>(tokens);
            this.lease = lease;
            this.renewable = renewable;
        }

        synchronized String next() {
            return tokens.size() > 1 ? tokens.poll() : tokens.peek();
        }
    }

    void appRoleLogin(String mount, String roleId, String secretId, String token, long lease, boolean renewable) {
        logins.put(mount, new Login(Json.MAPPER.createObjectNode().put("role_id", roleId).put("secret_id", secretId),
                List.of(token), lease, renewable));
    }

    /** Successive AppRole logins on {@code approle} return {@code tokens[0]}, {@code tokens[1]}, ... (the last repeats). */
    void appRoleLogins(String roleId, String secretId, long lease, boolean renewable, String... tokens) {
        logins.put("approle", new Login(Json.MAPPER.createObjectNode().put("role_id", roleId).put("secret_id", secretId),
                List.of(tokens), lease, renewable));
    }

    /** Successive Kubernetes logins on {@code kubernetes} with {@code role} and {@code jwt} return {@code tokens} in turn. */
    void kubernetesLogins(String role, String jwt, long lease, boolean renewable, String... tokens) {
        logins.put("kubernetes", new Login(Json.MAPPER.createObjectNode().put("role", role).put("jwt", jwt), List.of(tokens), lease, renewable));
    }

    private Response login(Request r) {
        Login l = logins.get(r.group("mount"));
        if (l == null) return json(404, NOT_FOUND);
        if (!l.expected.equals(Json.parse(r.bodyBytes()))) return json(400, INVALID_LOGIN);
        return json(200, authBody(l.next(), l.lease, l.renewable));
    }

    // ---------------------------------------------------------------- seeding

    static ObjectNode kvData(Map<String, ?> values) {
        return Json.MAPPER.valueToTree(values);
    }

    /** A new latest version of KV v2 secret {@code mount/data/path} (the mount is created as KV v2 if absent). */
    void v2(String mount, String path, Map<String, ?> values) {
        engine(mount, 2).put(path, kvData(values), now());
    }

    void v2Version(String mount, String path, int version, Map<String, ?> values) {
        Mount m = engine(mount, 2);
        synchronized (m) {
            m.secrets.computeIfAbsent(path, n -> new Secret()).versions.put((long) version, new Version(kvData(values), now(), "", false));
        }
    }

    /** Version {@code version} of {@code mount/data/path} is soft-deleted (at 2026-11-20T09:30:00.123456Z) or destroyed. */
    void v2Deleted(String mount, String path, int version, boolean destroyed) {
        Mount m = engine(mount, 2);
        synchronized (m) {
            m.secrets.computeIfAbsent(path, n -> new Secret()).versions.put((long) version,
                    new Version(null, now(), destroyed ? "" : "2026-11-20T09:30:00.123456Z", destroyed));
        }
    }

    void v1(String mount, String path, Map<String, ?> values) {
        engine(mount, 1).put(path, kvData(values), now());
    }

    private Instant now() {
        return EPOCH.plusSeconds(clock.incrementAndGet() * 60);
    }

    // ---------------------------------------------------------------- the KV engine

    /** One mount: its version, its cas_required setting and its secrets (v2: versions; v1: one version). */
    static final class Mount {
        final String path;
        final int version;
        volatile boolean casRequired;
        final Map<String, Secret> secrets = new TreeMap<>();      // guarded by this

        Mount(String path, int version) {
            this.path = path;
            this.version = version;
        }

        /** Writes a new version of {@code name}, as another client would. */
        synchronized long put(String name, JsonNode data, Instant at) {
            Secret s = secrets.computeIfAbsent(name, n -> new Secret());
            long next = version == 2 ? s.current() + 1 : 1;
            if (version != 2) s.versions.clear();
            s.versions.put(next, new Version(data, at, "", false));
            return next;
        }

        synchronized long current(String name) {
            Secret s = secrets.get(name);
            return s == null ? 0 : s.current();
        }
    }

    static final class Secret {
        final TreeMap<Long, Version> versions = new TreeMap<>();
        boolean casRequired;

        long current() { return versions.isEmpty() ? 0 : versions.lastKey(); }
    }

    /** One version: its data ({@code null} once deleted or destroyed) and when it was written. */
    record Version(JsonNode data, Instant created, String deletionTime, boolean destroyed) { }

    static ObjectNode v2Body(JsonNode data, long version, String deletionTime, boolean destroyed) {
        return v2Body(data, version, EPOCH, deletionTime, destroyed);
    }

    private static ObjectNode v2Body(JsonNode data, long version, Instant created, String deletionTime, boolean destroyed) {
        ObjectNode body = envelope();
        ObjectNode d = body.putObject("data");
        if (data == null) d.putNull("data"); else d.set("data", data);
        ObjectNode meta = d.putObject("metadata");
        meta.put("created_time", created.toString()).putNull("custom_metadata");
        meta.put("deletion_time", deletionTime).put("destroyed", destroyed).put("version", version);
        return body;
    }

    /** Answers a request to the KV engine: tests that override a route can hand requests back to it. */
    Response kv(Request r) {
        String token = r.header("X-Vault-Token");
        if (checkTokens && (token == null || !accepted.contains(token))) return json(403, PERMISSION_DENIED);
        String path = r.group("path");
        Mount m = null;
        for (Mount c : mounts.values()) {
            if (path.startsWith(c.path + "/") && (m == null || c.path.length() > m.path.length())) m = c;
        }
        if (m == null) return json(404, NOT_FOUND);
        String rel = path.substring(m.path.length() + 1);
        JsonNode body = Json.parse(r.bodyBytes());
        synchronized (m) {
            return m.version == 2 ? v2(m, r.method(), rel, r.queryParam("version"), body) : v1(m, r.method(), rel, body);
        }
    }

    private static Response unsupported() {
        return json(405, "{\"errors\":[\"1 error occurred:\\n\\t* unsupported operation\\n\\n\"]}");
    }

    private Response v2(Mount m, String method, String rel, String version, JsonNode body) {
        if (rel.startsWith("data/")) {
            String name = rel.substring(5);
            Secret s = m.secrets.get(name);
            switch (method) {
                case "GET" -> {
                    if (s == null || s.versions.isEmpty()) return json(404, NOT_FOUND);
                    long v = version != null ? Long.parseLong(version) : s.current();
                    Version found = s.versions.get(v);
                    if (found == null) return json(404, NOT_FOUND);
                    int status = found.data() == null ? 404 : 200;
                    return json(status, v2Body(found.data(), v, found.created(), found.deletionTime(), found.destroyed()));
                }
                case "POST", "PUT" -> {
                    JsonNode cas = body.path("options").path("cas");
                    long current = s == null ? 0 : s.current();
                    if (cas.isMissingNode() || cas.isNull()) {
                        if (m.casRequired || (s != null && s.casRequired)) {
                            return json(400, "{\"errors\":[\"check-and-set parameter required for this call\"]}");
                        }
                    } else if (cas.asLong() != current) {
                        return json(400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
                    }
                    if (!body.path("data").isObject()) return json(400, "{\"errors\":[\"no data provided\"]}");
                    Instant at = now();
                    long next = m.put(name, body.get("data").deepCopy(), at);
                    ObjectNode out = envelope();
                    out.putObject("data").put("created_time", at.toString()).putNull("custom_metadata")
                            .put("deletion_time", "").put("destroyed", false).put("version", next);
                    return json(200, out);
                }
                default -> {
                    return unsupported();
                }
            }
        }
        if (rel.equals("metadata") || rel.startsWith("metadata/")) {
            String name = rel.length() <= 9 ? "" : rel.substring(9);
            switch (method) {
                case "LIST" -> {
                    return listing(m, name);
                }
                case "GET" -> {
                    Secret s = m.secrets.get(name);
                    return s == null || s.versions.isEmpty() ? json(404, NOT_FOUND) : json(200, metadata(s));
                }
                case "DELETE" -> {
                    m.secrets.remove(name);
                    return Response.empty(204);
                }
                default -> {
                    return unsupported();
                }
            }
        }
        return json(404, VERSIONED_KV_WARNING);
    }

    /** {@code GET :mount/metadata/:path}: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata */
    private static ObjectNode metadata(Secret s) {
        ObjectNode body = envelope();
        ObjectNode d = body.putObject("data");
        d.put("cas_required", s.casRequired).put("created_time", s.versions.firstEntry().getValue().created().toString())
                .put("current_version", s.current()).putNull("custom_metadata").put("delete_version_after", "0s")
                .put("max_versions", 0).put("oldest_version", s.versions.firstKey())
                .put("updated_time", s.versions.lastEntry().getValue().created().toString());
        ObjectNode versions = d.putObject("versions");
        s.versions.forEach((n, v) -> versions.putObject(String.valueOf(n)).put("created_time", v.created().toString())
                .put("deletion_time", v.deletionTime()).put("destroyed", v.destroyed()));
        return body;
    }

    /** {@code LIST} of a folder ({@code ""} or ending in {@code /}): its direct children, folders with a trailing {@code /}. */
    private static Response listing(Mount m, String folder) {
        if (!folder.isEmpty() && !folder.endsWith("/")) folder = folder + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (Map.Entry<String, Secret> e : m.secrets.entrySet()) {
            String name = e.getKey();
            if (e.getValue().versions.isEmpty() || !name.startsWith(folder)) continue;
            String rest = name.substring(folder.length());
            int slash = rest.indexOf('/');
            keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        if (keys.isEmpty()) return json(404, NOT_FOUND);
        ObjectNode body = envelope();
        body.putObject("data").set("keys", Json.MAPPER.valueToTree(List.copyOf(keys)));
        return json(200, body);
    }

    private Response v1(Mount m, String method, String rel, JsonNode body) {
        if (method.equals("LIST")) return listing(m, rel);
        Secret s = m.secrets.get(rel);
        switch (method) {
            case "GET" -> {
                if (s == null || s.versions.isEmpty()) return json(404, NOT_FOUND);
                ObjectNode out = envelope();
                out.put("lease_duration", 2764800);
                out.set("data", s.versions.lastEntry().getValue().data());
                return json(200, out);
            }
            case "POST", "PUT" -> {
                if (!body.isObject()) return json(400, "{\"errors\":[\"missing data fields\"]}");
                m.put(rel, body.deepCopy(), now());
                return Response.empty(204);
            }
            case "DELETE" -> {
                m.secrets.remove(rel);
                return Response.empty(204);
            }
            default -> {
                return unsupported();
            }
        }
    }

    // ---------------------------------------------------------------- journal

    /** Requests with {@code method} ({@code "*"} for any) on a path matching {@code pathRegex}, sent with {@code token}. */
    int count(String method, String pathRegex, String token) {
        return (int) http.requests(method, pathRegex).stream().filter(r -> token.equals(r.header("X-Vault-Token"))).count();
    }

    /** The JSON bodies of the requests with {@code method} on a path matching {@code pathRegex}, in order. */
    List<JsonNode> bodies(String method, String pathRegex) {
        return http.requests(method, pathRegex).stream().map(r -> Json.parse(r.bodyBytes())).toList();
    }

    // ---------------------------------------------------------------- providers

    SecretProvider provider(Map<String, ?> config) {
        return provider(config, Ticker.system());
    }

    SecretProvider provider(Map<String, ?> config, Ticker ticker) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        all.putIfAbsent("url", url());
        return create(all, ticker);
    }

    static SecretProvider create(Map<String, ?> config, Ticker ticker) {
        ProviderConfig pc = ProviderConfig.of("vault-test", new VaultProviderFactory().descriptor(), config);
        return VaultProviderFactory.create(pc, FAST_RETRY, ticker);
    }

    static SecretManagerException failure(Runnable r) {
        try {
            r.run();
        } catch (SecretManagerException e) {
            return e;
        }
        throw new AssertionError("expected a SecretManagerException");
    }
}
