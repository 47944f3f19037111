package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import javax.net.ssl.SSLContext;

/**
 * An in-process fake of the Secret Manager REST API v1 and of Google's OAuth2 token endpoint, serving the
 * documented request and response shapes (see the test classes' javadoc for the pages):
 * <ul>
 *   <li>{@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT}: the
 *       assertion's RS256 signature is verified with the service account's public key, and its claims
 *       ({@code iss} = client email, {@code aud} = {@value #GOOGLE_TOKEN_AUDIENCE} (always, per Google's page), {@code scope} with cloud-platform, one-hour
 *       lifetime); answers {@code {"access_token","expires_in","token_type"}} or 400 {@code invalid_grant}.</li>
 *   <li>{@code GET /v1/projects/P[/locations/L]/secrets/S/versions/V:access} → {@code {"name", "payload": {"data":
 *       base64, "dataCrc32c": decimal string}}}; {@code latest} is the newest version in any state; a version not
 *       ENABLED is 400 FAILED_PRECONDITION.</li>
 *   <li>{@code GET .../secrets?pageSize&pageToken&filter=name:X} → {@code {"secrets": [...], "nextPageToken",
 *       "totalSize"}}, at most {@link #listPageSize} per page.</li>
 *   <li>{@code POST .../secrets?secretId=S} (a Secret with {@code replication} for global secrets), {@code POST
 *       .../secrets/S:addVersion} ({@code {"payload": {"data", "dataCrc32c"}}}, checksum verified), {@code DELETE
 *       .../secrets/S}.</li>
 *   <li>Errors: {@code {"error": {"code", "message", "status"}}} with the canonical status.</li>
 * </ul>
 * Every API call needs {@code Authorization: Bearer <a token this fake issued and has not revoked>}.
 */
final class FakeSecretManager implements AutoCloseable {
    static final String PROJECT = "test-project-42";
    static final String PROJECT_NUMBER = "123456789012";
    static final String CLIENT_EMAIL = "secretref-test@test-project-42.iam.gserviceaccount.com";
    static final String KEY_ID = "0123456789abcdef0123456789abcdef01234567";
    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?/secrets/([^/:]+)/versions/([^/:]+):access");
    private static final Pattern SECRETS = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?/secrets");
    private static final Pattern ADD_VERSION = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?/secrets/([^/:]+):addVersion");
    private static final Pattern VERSION = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?/secrets/([^/:]+)/versions/([^/:]+)");
    private static final Instant FIRST_CREATE_TIME = Instant.parse("2025-01-02T03:04:05.123456Z");
    private final AtomicInteger clock = new AtomicInteger();
    private static final Pattern SECRET = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?/secrets/([^/:]+)");

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final PublicKey serviceAccountKey;
    private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> tokenHeaders = new CopyOnWriteArrayList<>();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile int listPageSize = 2;
    volatile boolean serviceDisabled;
    volatile CountDownLatch accessGate;
    volatile JsonNode lastClaims;

    private FakeSecretManager(HttpServer server, PublicKey serviceAccountKey) {
        this.server = server;
        this.serviceAccountKey = serviceAccountKey;
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeSecretManager start(PublicKey serviceAccountKey) {
        try {
            return new FakeSecretManager(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), serviceAccountKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static FakeSecretManager startTls(SSLContext tls, PublicKey serviceAccountKey) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new FakeSecretManager(s, serviceAccountKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

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

    /** Calls seen, keyed by "METHOD path" (query excluded). */
    int calls(String methodAndPath) {
        AtomicInteger n = calls.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    /** Calls whose "METHOD path" contains {@code part}. */
    int callsContaining(String part) {
        return calls.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Every call this fake has received, token requests included. */
    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int totalCalls(String method) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ")).mapToInt(e -> e.getValue().get()).sum();
    }

    boolean has(String secretId) { return secrets.containsKey(key(PROJECT, null, secretId)); }

    boolean hasRegional(String location, String secretId) { return secrets.containsKey(key(PROJECT, location, secretId)); }

    /** The text of the newest version of a global secret. */
    String latest(String secretId) { return new String(last(secretId).data, StandardCharsets.UTF_8); }

    int versionCount(String secretId) { return secret(secretId).versions.size(); }

    /** The Secret resource a create call sent for {@code secretId}. */
    JsonNode createBody(String secretId) { return secret(secretId).createBody; }

    JsonNode regionalCreateBody(String location, String secretId) { return secrets.get(key(PROJECT, location, secretId)).createBody; }

    List<String> requestBodies() { return requestBodies; }

    List<Map<String, String>> tokenRequestHeaders() { return tokenHeaders; }

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

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            calls.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("/token")) {
                token(ex, method, body);
                return;
            }
            if (!path.startsWith("/v1/")) {
                send(ex, 404, "text/html", "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                error(ex, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                        + "login cookie or other valid authentication credential.");
                return;
            }
            for (Rule r : rules) {
                if ((method + " " + path).contains(r.match) && r.remaining.getAndDecrement() > 0) {
                    error(ex, r.http, r.status, r.message);
                    return;
                }
            }
            if (serviceDisabled) {
                ObjectNode root = JSON.createObjectNode();
                ObjectNode e = root.putObject("error").put("code", 403).put("status", "PERMISSION_DENIED")
                        .put("message", "Secret Manager API has not been used in project " + PROJECT_NUMBER + " before or it is disabled.");
                e.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                        .put("reason", "SERVICE_DISABLED").put("domain", "googleapis.com");
                send(ex, 403, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
                return;
            }
            String name = URLDecoder.decode(path.substring(4), StandardCharsets.UTF_8);
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            Matcher m;
            if (method.equals("GET") && (m = ACCESS.matcher(name)).matches()) {
                access(ex, m);
            } else if (method.equals("GET") && (m = VERSION.matcher(name)).matches()) {
                version(ex, m);
            } else if ((m = SECRETS.matcher(name)).matches() && method.equals("GET")) {
                list(ex, m, query);
            } else if ((m = SECRETS.matcher(name)).matches() && method.equals("POST")) {
                create(ex, m, query, body);
            } else if (method.equals("POST") && (m = ADD_VERSION.matcher(name)).matches()) {
                addVersion(ex, m, body);
            } else if (method.equals("DELETE") && (m = SECRET.matcher(name)).matches()) {
                delete(ex, m);
            } else {
                error(ex, 404, "NOT_FOUND", "Method not found.");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void token(HttpExchange ex, String method, byte[] body) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        tokenHeaders.add(headers);
        for (Rule r : rules) {
            if (("POST /token").contains(r.match) && r.remaining.getAndDecrement() > 0) {
                ObjectNode e = JSON.createObjectNode().put("error", r.status).put("error_description", r.message);
                send(ex, r.http, "application/json; charset=utf-8", JSON.writeValueAsBytes(e));
                return;
            }
        }
        Map<String, String> form = query(new String(body, StandardCharsets.UTF_8));
        String problem = method.equals("POST") ? verify(form) : "method must be POST";
        if (problem != null) {
            ObjectNode e = JSON.createObjectNode().put("error", "invalid_grant").put("error_description", problem);
            send(ex, 400, "application/json; charset=utf-8", JSON.writeValueAsBytes(e));
            return;
        }
        String token = "ya29.fake-" + UUID.randomUUID().toString().replace("-", "");
        validTokens.add(token);
        ObjectNode ok = JSON.createObjectNode().put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer");
        send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(ok));
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

    private void access(HttpExchange ex, Matcher m) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            CountDownLatch gate = accessGate;
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String project = m.group(1);
            String location = m.group(2);
            String secretId = m.group(3);
            String v = m.group(4);
            String shownName = resource(location, secretId);
            if (denied.contains(secretId)) {
                error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource '"
                        + shownName + "/versions/" + v + "' (or it may not exist).");
                return;
            }
            StoredSecret s = secrets.get(key(project, location, secretId));
            if (s == null || s.versions.isEmpty()) {
                error(ex, 404, "NOT_FOUND", "Secret [" + shownName + "] not found or has no versions.");
                return;
            }
            int n;
            if (v.equals("latest")) {
                n = s.versions.size();
            } else {
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    error(ex, 400, "INVALID_ARGUMENT", "Invalid resource field value in the request.");
                    return;
                }
            }
            if (n < 1 || n > s.versions.size()) {
                error(ex, 404, "NOT_FOUND", "Secret Version [" + shownName + "/versions/" + v + "] not found.");
                return;
            }
            Version version = s.versions.get(n - 1);
            if (!version.state.equals("ENABLED")) {
                error(ex, 400, "FAILED_PRECONDITION", "Secret Version [" + shownName + "/versions/" + n + "] is in " + version.state + " state.");
                return;
            }
            ObjectNode root = JSON.createObjectNode().put("name", shownName + "/versions/" + n);
            ObjectNode payload = root.putObject("payload").put("data", Base64.getEncoder().encodeToString(version.data));
            if (!version.omitCrc) payload.put("dataCrc32c", Long.toString(crc(version.data) + (version.corrupt ? 1 : 0)));
            send(ex, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void list(HttpExchange ex, Matcher m, Map<String, String> query) throws IOException {
        String project = m.group(1);
        String location = m.group(2);
        if (denied.contains("*list*")) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.list' denied for resource 'projects/" + project + "'");
            return;
        }
        String filter = query.getOrDefault("filter", "");
        List<String> terms = new ArrayList<>();
        for (String term : filter.isEmpty() ? new String[0] : filter.split(" AND ")) {
            if (!term.startsWith("name:")) {
                error(ex, 400, "INVALID_ARGUMENT", "Invalid filter: " + filter);
                return;
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
        int size = Math.min(listPageSize, Integer.parseInt(query.getOrDefault("pageSize", "25000")));
        int start = query.containsKey("pageToken") ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("pageToken")),
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
        send(ex, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
    }

    /** {@code versions.get}: a SecretVersion's metadata, never its payload (latest = the newest version). */
    private void version(HttpExchange ex, Matcher m) throws IOException {
        String shownName = resource(m.group(2), m.group(3));
        if (denied.contains(m.group(3)) || denied.contains("*versions.get*")) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.get' denied for resource '"
                    + shownName + "/versions/" + m.group(4) + "' (or it may not exist).");
            return;
        }
        StoredSecret s = secrets.get(key(m.group(1), m.group(2), m.group(3)));
        int n = s == null ? 0 : m.group(4).equals("latest") ? s.versions.size() : m.group(4).matches("[0-9]{1,9}") ? Integer.parseInt(m.group(4)) : -1;
        if (s == null || n < 1 || n > s.versions.size()) {
            error(ex, 404, "NOT_FOUND", "Secret Version [" + shownName + "/versions/" + m.group(4) + "] not found.");
            return;
        }
        Version v = s.versions.get(n - 1);
        ObjectNode out = JSON.createObjectNode().put("name", shownName + "/versions/" + n).put("createTime", v.createTime)
                .put("state", v.state).put("etag", "\"1\"");
        send(ex, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private void create(HttpExchange ex, Matcher m, Map<String, String> query, byte[] body) throws IOException {
        requestBodies.add(new String(body, StandardCharsets.UTF_8));
        String project = m.group(1);
        String location = m.group(2);
        String secretId = query.get("secretId");
        if (secretId == null || !secretId.matches("[A-Za-z0-9_-]{1,255}")) {
            error(ex, 400, "INVALID_ARGUMENT", "Invalid resource field value in the request.");
            return;
        }
        if (denied.contains(secretId)) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.create' denied for resource 'projects/" + project + "'");
            return;
        }
        JsonNode secret = JSON.readTree(body);
        if (location == null && !secret.path("replication").isObject()) {
            error(ex, 400, "INVALID_ARGUMENT", "Secret.replication is required.");
            return;
        }
        StoredSecret created = new StoredSecret(project, location, secretId, secret, nextCreateTime());
        if (secrets.putIfAbsent(key(project, location, secretId), created) != null) {
            error(ex, 409, "ALREADY_EXISTS", "Secret [" + resource(location, secretId) + "] already exists.");
            return;
        }
        ObjectNode out = ((ObjectNode) secret.deepCopy()).put("name", resource(location, secretId)).put("createTime", created.createTime);
        send(ex, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private void addVersion(HttpExchange ex, Matcher m, byte[] body) throws IOException {
        requestBodies.add(new String(body, StandardCharsets.UTF_8));
        String secretId = m.group(3);
        if (denied.contains(secretId)) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.add' denied for resource '"
                    + resource(m.group(2), secretId) + "' (or it may not exist).");
            return;
        }
        StoredSecret s = secrets.get(key(m.group(1), m.group(2), secretId));
        if (s == null) {
            error(ex, 404, "NOT_FOUND", "Secret [" + resource(m.group(2), secretId) + "] not found.");
            return;
        }
        JsonNode payload = JSON.readTree(body).path("payload");
        byte[] data = Base64.getDecoder().decode(payload.path("data").asText(""));
        if (data.length > 65536) {
            error(ex, 400, "INVALID_ARGUMENT", "Secret Payload cannot be larger than 64KiB.");
            return;
        }
        if (payload.has("dataCrc32c") && Long.parseLong(payload.path("dataCrc32c").asText()) != crc(data)) {
            error(ex, 400, "INVALID_ARGUMENT", "Checksum mismatch. Payload data_crc32c does not match the payload data.");
            return;
        }
        s.versions.add(new Version(data, nextCreateTime()));
        ObjectNode out = JSON.createObjectNode().put("name", resource(m.group(2), secretId) + "/versions/" + s.versions.size())
                .put("createTime", Instant.now().toString()).put("state", "ENABLED").put("etag", "\"1\"")
                .put("clientSpecifiedPayloadChecksum", payload.has("dataCrc32c"));
        send(ex, 200, "application/json; charset=UTF-8", JSON.writeValueAsBytes(out));
    }

    private void delete(HttpExchange ex, Matcher m) throws IOException {
        String secretId = m.group(3);
        if (denied.contains(secretId)) {
            error(ex, 403, "PERMISSION_DENIED", "Permission 'secretmanager.secrets.delete' denied for resource '"
                    + resource(m.group(2), secretId) + "' (or it may not exist).");
            return;
        }
        if (secrets.remove(key(m.group(1), m.group(2), secretId)) == null) {
            error(ex, 404, "NOT_FOUND", "Secret [" + resource(m.group(2), secretId) + "] not found.");
            return;
        }
        send(ex, 200, "application/json; charset=UTF-8", "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** Resource names come back with the project number, as Google's do. */
    private static String resource(String location, String secretId) {
        return "projects/" + PROJECT_NUMBER + (location == null ? "" : "/locations/" + location) + "/secrets/" + secretId;
    }

    private static void error(HttpExchange ex, int code, String status, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        send(ex, code, "application/json; charset=UTF-8", JSON.writeValueAsBytes(root));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
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
        CountDownLatch gate = accessGate;
        if (gate != null) gate.countDown();
        server.stop(0);
        pool.shutdownNow();
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
