package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A fake of the Secret Manager REST API v1 and of Google's OAuth2 token endpoint on testkit's {@link FakeHttpServer}
 * (plain HTTP, or HTTPS with {@link TestCertificates}), serving the documented request and response shapes:
 * <ul>
 *   <li>{@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT}: the
 *       assertion's RS256 signature is verified with the service account's public key, and its claims
 *       ({@code iss} = client email, {@code aud} = {@value #GOOGLE_TOKEN_AUDIENCE} (always, per Google's page), {@code scope}
 *       with cloud-platform, one-hour lifetime); answers {@code {"access_token","expires_in","token_type"}} or 400
 *       {@code invalid_grant} (https://developers.google.com/identity/protocols/oauth2/service-account).</li>
 *   <li>{@code GET /v1/projects/P[/locations/L]/secrets/S/versions/V:access} → {@code {"name", "payload": {"data":
 *       base64, "dataCrc32c": decimal string}}}; {@code latest} is the newest version in any state; a version not
 *       ENABLED is 400 FAILED_PRECONDITION
 *       (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).</li>
 *   <li>{@code GET .../secrets/S/versions/V} → the SecretVersion's metadata ({@code name}, {@code createTime},
 *       {@code state}), never the payload (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/get).</li>
 *   <li>{@code GET .../secrets?pageSize&pageToken&filter=name:X[ AND name:Y]} → {@code {"secrets": [...], "nextPageToken",
 *       "totalSize"}}: newest {@code createTime} first, {@code name:} a substring of the resource name, {@code totalSize}
 *       0 once a filter is set, {@code pageSize} capped at 25,000 (and at {@link #listPageSize} to force paging)
 *       (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/list,
 *       https://cloud.google.com/secret-manager/docs/reference/rest/v1/ListSecretsResponse,
 *       https://cloud.google.com/secret-manager/docs/filtering).</li>
 *   <li>{@code POST .../secrets?secretId=S} (a Secret with {@code replication} for global secrets), {@code POST
 *       .../secrets/S:addVersion} ({@code {"payload": {"data", "dataCrc32c"}}}, checksum verified, at most 64 KiB),
 *       {@code DELETE .../secrets/S}.</li>
 *   <li>Errors: {@code {"error": {"code", "message", "status"}}} with the canonical status
 *       (https://cloud.google.com/apis/design/errors).</li>
 * </ul>
 * Every API call needs {@code Authorization: Bearer <a token this fake issued and has not revoked>}. The journal is the
 * server's ({@link #server()}); a request no route serves is answered 404 and recorded as unexpected.
 */
final class FakeSecretManager implements AutoCloseable {
    static final String PROJECT = "test-project-42";
    static final String PROJECT_NUMBER = "123456789012";
    static final String CLIENT_EMAIL = "secretref-test@test-project-42.iam.gserviceaccount.com";
    static final String KEY_ID = "0123456789abcdef0123456789abcdef01234567";
    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARENT = "/v1/projects/([^/]+)(?:/locations/([^/]+))?/secrets";
    private static final Instant FIRST_CREATE_TIME = Instant.parse("2025-01-02T03:04:05.123456Z");

    private final FakeHttpServer server;
    private final FakeHttpServer.Route accessRoute;
    private final AtomicInteger clock = new AtomicInteger();
    private final PublicKey serviceAccountKey;
    private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    volatile int listPageSize = 2;
    volatile boolean serviceDisabled;
    volatile JsonNode lastClaims;

    private FakeSecretManager(FakeHttpServer server, PublicKey serviceAccountKey) {
        this.server = server;
        this.serviceAccountKey = serviceAccountKey;
        server.route("*", "/token", this::token);
        server.route("GET", PARENT, api(this::list));
        server.route("POST", PARENT, api(this::create));
        server.route("DELETE", PARENT + "/([^/:]+)", api(this::delete));
        server.route("POST", PARENT + "/([^/:]+):addVersion", api(this::addVersion));
        server.route("GET", PARENT + "/([^/:]+)/versions/([^/:]+)", api(this::version));
        accessRoute = server.route("GET", PARENT + "/([^/:]+)/versions/([^/:]+):access", api(this::access));
    }

    /** A plain-HTTP fake; the service account's JWTs are checked against {@code serviceAccountKey}. */
    static FakeSecretManager start(PublicKey serviceAccountKey) {
        return new FakeSecretManager(FakeHttpServer.http(), serviceAccountKey);
    }

    /** The same over HTTPS with {@code certificates}' server certificate (token endpoint and API alike). */
    static FakeSecretManager startTls(TestCertificates certificates, PublicKey serviceAccountKey) {
        return new FakeSecretManager(FakeHttpServer.https(certificates), serviceAccountKey);
    }

    String url() { return server.url().toString(); }

    String tokenUri() { return url() + "/token"; }

    // ---- seeding ----

    void put(String secretId, String value) { put(PROJECT, null, secretId, value.getBytes(StandardCharsets.UTF_8)); }

    void putBytes(String secretId, byte[] value) { put(PROJECT, null, secretId, value); }

    void putRegional(String location, String secretId, String value) {
        put(PROJECT, location, secretId, value.getBytes(StandardCharsets.UTF_8));
    }

    void putIn(String project, String secretId, String value) { put(project, null, secretId, value.getBytes(StandardCharsets.UTF_8)); }

    private void put(String project, String location, String secretId, byte[] value) {
        secrets.computeIfAbsent(key(project, location, secretId), k -> new StoredSecret(project, location, secretId, null, nextCreateTime()))
                .versions.add(new Version(value, nextCreateTime()));
    }

    /** Sets the state (ENABLED, DISABLED, DESTROYED) of version {@code n} (1-based) of a global secret. */
    void state(String secretId, int n, String state) { secret(secretId).versions.get(n - 1).state = state; }

    /** The newest version of {@code secretId} answers with a checksum that does not match its bytes. */
    void corruptChecksum(String secretId) { last(secretId).corrupt = true; }

    /** The newest version answers without {@code dataCrc32c} (CMEK versions from before July 2021). */
    void omitChecksum(String secretId) { last(secretId).omitCrc = true; }

    /** Calls whose path contains {@code secretId} are denied with 403 PERMISSION_DENIED. */
    void deny(String secretId) { denied.add(secretId); }

    /** The next {@code times} calls whose "METHOD path" contains {@code match} fail with this Google error. */
    void failNext(String match, int times, int http, String status, String message) {
        rules.add(new Rule(match, new AtomicInteger(times), http, status, message));
    }

    /** Revokes every token issued so far: the next API call is 401 UNAUTHENTICATED. */
    void revokeTokens() { validTokens.clear(); }

    // ---- inspection ----

    /** The server itself: its journal (query parameters, headers, bodies), {@code maxInFlight()} and faults. */
    FakeHttpServer server() { return server; }

    /** Access calls wait until {@code gate} opens (or the fake closes). */
    void gateAccess(CountDownLatch gate) { accessRoute.gate(gate); }

    /** Calls seen whose "METHOD path" (query excluded) is {@code methodAndPath}. */
    int calls(String methodAndPath) {
        return (int) journal().filter(methodAndPath::equals).count();
    }

    /** Calls whose "METHOD path" contains {@code part}. */
    int callsContaining(String part) {
        return (int) journal().filter(r -> r.contains(part)).count();
    }

    /** Every call this fake has received, token requests included. */
    int totalCalls() {
        return server.count();
    }

    int totalCalls(String method) {
        return server.count(method, ".*");
    }

    /** Token requests received (answered or not). */
    int tokenRequests() {
        return server.count("*", "/token");
    }

    private java.util.stream.Stream<String> journal() {
        return server.requests().stream().map(Request::toString);
    }

    boolean has(String secretId) { return secrets.containsKey(key(PROJECT, null, secretId)); }

    boolean hasRegional(String location, String secretId) { return secrets.containsKey(key(PROJECT, location, secretId)); }

    /** The text of the newest version of a global secret. */
    String latest(String secretId) { return new String(last(secretId).data, StandardCharsets.UTF_8); }

    int versionCount(String secretId) { return secret(secretId).versions.size(); }

    /** The Secret resource a create call sent for {@code secretId}. */
    JsonNode createBody(String secretId) { return secret(secretId).createBody; }

    JsonNode regionalCreateBody(String location, String secretId) { return secrets.get(key(PROJECT, location, secretId)).createBody; }

    /** The bodies of the API's POST calls (create and addVersion), in order. */
    List<String> requestBodies() { return server.requests("POST", "/v1/.*").stream().map(Request::body).toList(); }

    /** The token requests as received. */
    List<Request> tokenRequestsReceived() { return server.requests("*", "/token"); }

    private StoredSecret secret(String secretId) {
        StoredSecret s = secrets.get(key(PROJECT, null, secretId));
        if (s == null) throw new IllegalArgumentException("no secret " + secretId);
        return s;
    }

    private Version last(String secretId) {
        List<Version> v = secret(secretId).versions;
        return v.get(v.size() - 1);
    }

    /** Creation times one second apart, in the order things are created (the list order depends on them). */
    private String nextCreateTime() {
        return FIRST_CREATE_TIME.plusSeconds(clock.getAndIncrement()).toString();
    }

    private static String key(String project, String location, String secretId) {
        return project + "|" + (location == null ? "" : location) + "|" + secretId;
    }

    // ---- HTTP ----

    /** An API call behind the checks every call goes through: a bearer token this fake issued, scripted failures, a disabled API. */
    private FakeHttpServer.Handler api(FakeHttpServer.Handler operation) {
        return r -> {
            String auth = r.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                        + "login cookie or other valid authentication credential.");
            }
            for (Rule rule : rules) {
                if ((r.method() + " " + r.path()).contains(rule.match) && rule.remaining.getAndDecrement() > 0) {
                    return error(rule.http, rule.status, rule.message);
                }
            }
            if (serviceDisabled) {
                ObjectNode root = JSON.createObjectNode();
                ObjectNode e = root.putObject("error").put("code", 403).put("status", "PERMISSION_DENIED")
                        .put("message", "Secret Manager API has not been used in project " + PROJECT_NUMBER + " before or it is disabled.");
                e.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                        .put("reason", "SERVICE_DISABLED").put("domain", "googleapis.com");
                return send(403, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
            }
            return operation.handle(r);
        };
    }

    private Response token(Request request) throws IOException {
        String method = request.method();
        for (Rule r : rules) {
            if (("POST /token").contains(r.match) && r.remaining.getAndDecrement() > 0) {
                ObjectNode e = JSON.createObjectNode().put("error", r.status).put("error_description", r.message);
                return send(r.http, "application/json; charset=utf-8", JSON.writeValueAsBytes(e));
            }
        }
        Map<String, String> form = form(request.body());
        String problem = method.equals("POST") ? verify(form) : "method must be POST";
        if (problem != null) {
            ObjectNode e = JSON.createObjectNode().put("error", "invalid_grant").put("error_description", problem);
            return send(400, "application/json; charset=utf-8", JSON.writeValueAsBytes(e));
        }
        String token = "ya29.fake-" + UUID.randomUUID().toString().replace("-", "");
        validTokens.add(token);
        ObjectNode ok = JSON.createObjectNode().put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer");
        return send(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(ok));
    }

    /** Checks a JWT bearer grant like Google's endpoint does; returns why it is refused, or null. */
    private String verify(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) return "Invalid grant_type.";
        String assertion = form.get("assertion");
        if (assertion == null) return "Missing required parameter: assertion";
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) return "Invalid JWT.";
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) return "Invalid JWT: alg must be RS256.";
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(serviceAccountKey);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) return "Invalid JWT Signature.";
            if (!CLIENT_EMAIL.equals(claims.path("iss").asText())) return "Invalid JWT: iss is not a known service account.";
            // Google's page: "When making an access token request this value is always https://oauth2.googleapis.com/token"
            if (!GOOGLE_TOKEN_AUDIENCE.equals(claims.path("aud").asText())) return "Invalid JWT: aud must be the token endpoint.";
            if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform")) return "Invalid JWT: scope.";
            long now = Instant.now().getEpochSecond();
            long iat = claims.path("iat").asLong();
            long exp = claims.path("exp").asLong();
            if (Math.abs(now - iat) > 300 || exp - iat > 3600 || exp <= now) {
                return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
            }
            lastClaims = claims;
            return null;
        } catch (Exception e) {
            return "Invalid JWT.";
        }
    }

    private Response access(Request m) throws IOException {
        String project = m.group(1);
        String location = m.group(2);
        String secretId = m.group(3);
        String v = m.group(4);
        String shownName = resource(location, secretId);
        if (denied.contains(secretId)) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource '"
                    + shownName + "/versions/" + v + "' (or it may not exist).");
        }
        StoredSecret s = secrets.get(key(project, location, secretId));
        if (s == null || s.versions.isEmpty()) {
            return error(404, "NOT_FOUND", "Secret [" + shownName + "] not found or has no versions.");
        }
        int n;
        if (v.equals("latest")) {
            n = s.versions.size();
        } else {
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return error(400, "INVALID_ARGUMENT", "Invalid resource field value in the request.");
            }
        }
        if (n < 1 || n > s.versions.size()) {
            return error(404, "NOT_FOUND", "Secret Version [" + shownName + "/versions/" + v + "] not found.");
        }
        Version version = s.versions.get(n - 1);
        if (!version.state.equals("ENABLED")) {
            return error(400, "FAILED_PRECONDITION", "Secret Version [" + shownName + "/versions/" + n + "] is in " + version.state + " state.");
        }
        ObjectNode root = JSON.createObjectNode().put("name", shownName + "/versions/" + n);
        ObjectNode payload = root.putObject("payload").put("data", Base64.getEncoder().encodeToString(version.data));
        if (!version.omitCrc) payload.put("dataCrc32c", Long.toString(crc(version.data) + (version.corrupt ? 1 : 0)));
        return send(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
    }

    private Response list(Request m) throws IOException {
        String project = m.group(1);
        String location = m.group(2);
        if (denied.contains("*list*")) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.list' denied for resource 'projects/" + project + "'");
        }
        String filter = m.queryParam("filter") == null ? "" : m.queryParam("filter");
        List<String> terms = new ArrayList<>();
        for (String term : filter.isEmpty() ? new String[0] : filter.split(" AND ")) {
            if (!term.startsWith("name:")) {
                return error(400, "INVALID_ARGUMENT", "Invalid filter: " + filter);
            }
            terms.add(term.substring(5));
        }
        List<StoredSecret> all = new ArrayList<>();
        for (StoredSecret s : secrets.values()) {
            String full = resource(s.location, s.secretId);
            if (s.project.equals(project) && java.util.Objects.equals(s.location, location) && terms.stream().allMatch(full::contains)) {
                all.add(s);
            }
        }
        // "The list of Secrets sorted in reverse by createTime (newest first)" (ListSecretsResponse)
        all.sort(java.util.Comparator.comparing((StoredSecret x) -> Instant.parse(x.createTime)).reversed()
                .thenComparing(x -> x.secretId));
        int asked = m.queryParam("pageSize") == null ? 0 : Integer.parseInt(m.queryParam("pageSize"));
        int size = Math.min(listPageSize, asked <= 0 || asked > 25_000 ? 25_000 : asked);   // 0: the server decides; capped at 25,000
        String pageToken = m.queryParam("pageToken");
        int start = pageToken != null ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(pageToken),
                StandardCharsets.UTF_8).substring(5)) : 0;
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("secrets");
        for (int i = start; i < Math.min(all.size(), start + size); i++) {
            StoredSecret s = all.get(i);
            ObjectNode o = arr.addObject().put("name", resource(s.location, s.secretId));
            if (s.location == null) o.putObject("replication").putObject("automatic");
            o.put("createTime", s.createTime).put("etag", "\"1\"");
        }
        if (start + size < all.size()) {
            root.put("nextPageToken", Base64.getUrlEncoder().encodeToString(("page:" + (start + size)).getBytes(StandardCharsets.UTF_8)));
        }
        root.put("totalSize", filter.isEmpty() ? all.size() : 0);   // "0 when the ListSecretsRequest.filter field is set"
        return send(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
    }

    /** {@code versions.get}: a SecretVersion's metadata, never its payload (latest = the newest version). */
    private Response version(Request m) throws IOException {
        String shownName = resource(m.group(2), m.group(3));
        if (denied.contains(m.group(3)) || denied.contains("*versions.get*")) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.get' denied for resource '"
                    + shownName + "/versions/" + m.group(4) + "' (or it may not exist).");
        }
        StoredSecret s = secrets.get(key(m.group(1), m.group(2), m.group(3)));
        int n = s == null ? 0 : m.group(4).equals("latest") ? s.versions.size() : m.group(4).matches("[0-9]{1,9}") ? Integer.parseInt(m.group(4)) : -1;
        if (s == null || n < 1 || n > s.versions.size()) {
            return error(404, "NOT_FOUND", "Secret Version [" + shownName + "/versions/" + m.group(4) + "] not found.");
        }
        Version v = s.versions.get(n - 1);
        ObjectNode out = JSON.createObjectNode().put("name", shownName + "/versions/" + n).put("createTime", v.createTime)
                .put("state", v.state).put("etag", "\"1\"");
        return send(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private Response create(Request m) throws IOException {
        byte[] body = m.bodyBytes();
        String project = m.group(1);
        String location = m.group(2);
        String secretId = m.queryParam("secretId");
        if (secretId == null || !secretId.matches("[A-Za-z0-9_-]{1,255}")) {
            return error(400, "INVALID_ARGUMENT", "Invalid resource field value in the request.");
        }
        if (denied.contains(secretId)) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.create' denied for resource 'projects/" + project + "'");
        }
        JsonNode secret = JSON.readTree(body);
        if (location == null && !secret.path("replication").isObject()) {
            return error(400, "INVALID_ARGUMENT", "Secret.replication is required.");
        }
        StoredSecret created = new StoredSecret(project, location, secretId, secret, nextCreateTime());
        if (secrets.putIfAbsent(key(project, location, secretId), created) != null) {
            return error(409, "ALREADY_EXISTS", "Secret [" + resource(location, secretId) + "] already exists.");
        }
        ObjectNode out = ((ObjectNode) secret.deepCopy()).put("name", resource(location, secretId)).put("createTime", created.createTime);
        return send(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private Response addVersion(Request m) throws IOException {
        byte[] body = m.bodyBytes();
        String secretId = m.group(3);
        if (denied.contains(secretId)) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.add' denied for resource '"
                    + resource(m.group(2), secretId) + "' (or it may not exist).");
        }
        StoredSecret s = secrets.get(key(m.group(1), m.group(2), secretId));
        if (s == null) {
            return error(404, "NOT_FOUND", "Secret [" + resource(m.group(2), secretId) + "] not found.");
        }
        JsonNode payload = JSON.readTree(body).path("payload");
        byte[] data = Base64.getDecoder().decode(payload.path("data").asText(""));
        if (data.length > 65536) {
            return error(400, "INVALID_ARGUMENT", "Secret Payload cannot be larger than 64KiB.");
        }
        if (payload.has("dataCrc32c") && Long.parseLong(payload.path("dataCrc32c").asText()) != crc(data)) {
            return error(400, "INVALID_ARGUMENT", "Checksum mismatch. Payload data_crc32c does not match the payload data.");
        }
        s.versions.add(new Version(data, nextCreateTime()));
        ObjectNode out = JSON.createObjectNode().put("name", resource(m.group(2), secretId) + "/versions/" + s.versions.size())
                .put("createTime", Instant.now().toString()).put("state", "ENABLED").put("etag", "\"1\"")
                .put("clientSpecifiedPayloadChecksum", payload.has("dataCrc32c"));
        return send(200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private Response delete(Request m) throws IOException {
        String secretId = m.group(3);
        if (denied.contains(secretId)) {
            return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.delete' denied for resource '"
                    + resource(m.group(2), secretId) + "' (or it may not exist).");
        }
        if (secrets.remove(key(m.group(1), m.group(2), secretId)) == null) {
            return error(404, "NOT_FOUND", "Secret [" + resource(m.group(2), secretId) + "] not found.");
        }
        return send(200, "application/json; charset=UTF-8", "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** Resource names come back with the project number, as Google's do. */
    private static String resource(String location, String secretId) {
        return "projects/" + PROJECT_NUMBER + (location == null ? "" : "/locations/" + location) + "/secrets/" + secretId;
    }

    private static Response error(int code, String status, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        return send(code, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
    }

    private static Response send(int status, String type, byte[] body) {
        return Response.of(status, type, body);
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static long crc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return c.getValue();
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class StoredSecret {
        final String project;
        final String location;
        final String secretId;
        final JsonNode createBody;
        final String createTime;
        final List<Version> versions = new CopyOnWriteArrayList<>();

        StoredSecret(String project, String location, String secretId, JsonNode createBody, String createTime) {
            this.createTime = createTime;
            this.project = project;
            this.location = location;
            this.secretId = secretId;
            this.createBody = createBody;
        }
    }

    private static final class Version {
        final byte[] data;
        final String createTime;
        volatile String state = "ENABLED";
        volatile boolean corrupt;
        volatile boolean omitCrc;

        Version(byte[] data, String createTime) {
            this.data = data;
            this.createTime = createTime;
        }
    }

    private record Rule(String match, AtomicInteger remaining, int http, String status, String message) { }
}
