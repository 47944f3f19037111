package dev.secretref.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process HTTPS fake of the Azure Key Vault secrets data plane and of the Microsoft Entra ID token
 * endpoint (client-credentials grant), serving the documented shapes:
 * <ul>
 *   <li>Key Vault: {@code GET /secrets/{name}[/{version}]}, {@code PUT /secrets/{name}}, {@code DELETE /secrets/{name}},
 *       {@code GET|DELETE /deletedsecrets/{name}}, {@code GET /secrets} paged with {@code nextLink} (25 per page by
 *       default), all with {@code ?api-version=7.x}; secret bundles with {@code attributes} (enabled, nbf, exp, created,
 *       updated in Unix seconds); a request without a valid bearer token gets 401 with
 *       {@code WWW-Authenticate: Bearer authorization="…/{tenant}", resource="https://vault.azure.net"}; errors as
 *       {@code {"error":{"code":…,"message":…,"innererror":{"code":…}}}}; 429 with {@code Retry-After}.</li>
 *   <li>Entra ID: {@code POST /{tenant}/oauth2/v2.0/token} with a form body; answers
 *       {@code {"token_type":"Bearer","expires_in":3599,"access_token":…}} or the {@code AADSTS…} error JSON
 *       ({@code error}, {@code error_description}, {@code error_codes}, {@code trace_id}, {@code correlation_id}).</li>
 * </ul>
 * Sources: https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secret/get-secret ,
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secrets/get-secrets ,
 * https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes ,
 * https://learn.microsoft.com/en-us/azure/key-vault/general/overview-throttling ,
 * https://learn.microsoft.com/en-us/azure/active-directory/develop/reference-aadsts-error-codes .
 */
final class FakeKeyVault implements AutoCloseable {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT_ID = "3c9a6d1e-5b7f-4e2a-9c8d-1f2e3a4b5c6d";
    static final String CLIENT_SECRET = "fake~client-secret-Xq7Z.9kLmN0pR2sT4";
    static final String RESOURCE = "https://vault.azure.net";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern SECRET_PATH = Pattern.compile("/secrets/([^/]+)(?:/([^/]*))?");
    private static final Pattern DELETED_PATH = Pattern.compile("/deletedsecrets/([^/]+)");

    /** One version of a secret. */
    static final class Version {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final String value;
        final String contentType;
        final boolean enabled;
        final Long nbf;
        final Long exp;
        final long created;

        Version(String value, String contentType, boolean enabled, Long nbf, Long exp, long created) {
            this.value = value;
            this.contentType = contentType;
            this.enabled = enabled;
            this.nbf = nbf;
            this.exp = exp;
            this.created = created;
        }
    }

    private final HttpsServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-key-vault");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> deleted = new ConcurrentHashMap<>();
    private final Map<String, List<Version>> deletedVersions = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger throttleLeft = new AtomicInteger();
    private final AtomicInteger inFlightGets = new AtomicInteger();
    private final AtomicInteger maxInFlightGets = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private volatile int serverErrorsLeft;
    private volatile String forbiddenInnerCode;
    private volatile String forbiddenMessage;
    private volatile int pageSize = 25;
    private volatile int holdGetsUntilInFlight;
    private volatile String clientSecret = CLIENT_SECRET;
    private volatile String challengeTenant = TENANT;
    private volatile java.security.cert.X509Certificate clientCertificate;
    private volatile boolean rejectEveryToken;
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stallSecretGets;
    private volatile long now = Instant.parse("2026-11-20T10:00:00Z").getEpochSecond();

    private FakeKeyVault() throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.get().serverContext()));
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeKeyVault start() {
        try {
            return new FakeKeyVault();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** https://127.0.0.1:port, the vault URL and the authority host alike. */
    String url() { return "https://127.0.0.1:" + server.getAddress().getPort(); }

    // ---- seeding and switches ----

    FakeKeyVault put(String name, String value) { return put(name, value, null, true, null, null); }

    FakeKeyVault put(String name, String value, String contentType, boolean enabled, Instant nbf, Instant exp) {
        secrets.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(new Version(value, contentType, enabled,
                nbf == null ? null : nbf.getEpochSecond(), exp == null ? null : exp.getEpochSecond(), now));
        return this;
    }

    /** Soft-deletes a secret as DELETE would. */
    void softDelete(String name) {
        List<Version> v = secrets.remove(name);
        deleted.put(name, now);
        if (v != null) deletedVersions.put(name, v);
    }

    List<Version> versions(String name) { return secrets.getOrDefault(name, List.of()); }

    boolean isSoftDeleted(String name) { return deleted.containsKey(name); }

    boolean exists(String name) { return secrets.containsKey(name); }

    /** Every Key Vault request answers 403 Forbidden with this inner code (ForbiddenByRbac, AccessDenied, …). */
    void forbid(String innerCode, String message) {
        forbiddenInnerCode = innerCode;
        forbiddenMessage = message;
    }

    /** The next {@code n} authenticated Key Vault requests answer 429 with {@code Retry-After: seconds}. */
    void throttle(int n, int seconds) {
        retryAfterSeconds = seconds;
        throttleLeft.set(n);
    }

    /** The next {@code n} authenticated Key Vault requests answer 503. */
    void failWithServerError(int n) { serverErrorsLeft = n; }

    /** The service principal also accepts client assertions (JWTs) signed by this certificate's key. */
    void acceptClientCertificate(java.security.cert.X509Certificate certificate) { clientCertificate = certificate; }

    /** Authenticated secret GETs get no answer until the fake is closed. */
    void stallSecretGets() { stallSecretGets = true; }

    /** Every token, issued before or after, is rejected from now on (the identity lost its access to the tenant). */
    void rejectEveryToken() { rejectEveryToken = true; }

    /** Tokens issued so far are rejected from now on, as after a revocation (the client still holds them). */
    void revokeIssuedTokens() { validTokens.removeAll(issuedTokens); }

    /** The service principal's secret is now this one (the configured one is wrong). */
    void rotateClientSecret(String secret) { clientSecret = secret; }

    void pageSize(int size) { pageSize = size; }

    /** The tenant the 401 challenge names (the vault's tenant); by default the one the token endpoint knows. */
    void challengeTenant(String tenant) { challengeTenant = tenant; }

    /** Secret GETs wait (up to 5 s) until this many are in flight at once, so a test sees the client's parallelism. */
    void holdGetsUntilInFlight(int n) { holdGetsUntilInFlight = n; }

    int maxInFlightGets() { return maxInFlightGets.get(); }

    int tokenRequests() { return tokenRequests.get(); }

    /** Every access token this fake has issued. */
    Set<String> issuedTokens() { return Set.copyOf(issuedTokens); }

    /** "METHOD /path" of every request, in order, without query strings. */
    List<String> requests() { return List.copyOf(requests); }

    long count(String methodAndPathPrefix) { return requests.stream().filter(r -> r.startsWith(methodAndPathPrefix)).count(); }

    /** Requests this fake does not serve (a test asserts there are none). */
    List<String> unexpected() { return List.copyOf(unexpected); }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            requests.add(method + " " + path);
            byte[] body = ex.getRequestBody().readAllBytes();
            Matcher token = TOKEN_PATH.matcher(path);
            if (method.equals("POST") && token.matches()) {
                token(ex, URLDecoder.decode(token.group(1), StandardCharsets.UTF_8), form(body));
                return;
            }
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (!query.getOrDefault("api-version", "").matches("7\\.[0-9]+|20\\d\\d-\\d\\d-\\d\\d(-preview)?")) {
                error(ex, 400, "BadParameter", null, "The api-version parameter is missing or invalid");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7)) || rejectEveryToken) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"" + url() + "/" + challengeTenant
                        + "\", resource=\"" + RESOURCE + "\"");
                error(ex, 401, "Unauthorized", null, auth == null ? "AKV10000: Request is missing a Bearer or PoP token."
                        : "[TokenExpired] Error validating token: 'S2S12086'.");
                return;
            }
            if (forbiddenInnerCode != null) {
                error(ex, 403, "Forbidden", forbiddenInnerCode, forbiddenMessage);
                return;
            }
            if (throttleLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
                error(ex, 429, "Throttled", null, "Request was not processed because too many requests were received. "
                        + "Reason: VaultRequestTypeLimitReached");
                return;
            }
            if (serverErrorsLeft > 0) {
                serverErrorsLeft--;
                error(ex, 503, "ServiceUnavailable", null, "The service is temporarily unavailable.");
                return;
            }
            Matcher secret = SECRET_PATH.matcher(path);
            Matcher deletedPath = DELETED_PATH.matcher(path);
            if (path.equals("/secrets") && method.equals("GET")) {
                list(ex, query);
            } else if (secret.matches() && method.equals("GET")) {
                get(ex, secret.group(1), secret.group(2));
            } else if (secret.matches() && method.equals("PUT") && secret.group(2) == null) {
                set(ex, secret.group(1), body);
            } else if (secret.matches() && method.equals("DELETE") && secret.group(2) == null) {
                delete(ex, secret.group(1));
            } else if (deletedPath.matches() && method.equals("GET")) {
                getDeleted(ex, deletedPath.group(1));
            } else if (deletedPath.matches() && method.equals("DELETE")) {
                purge(ex, deletedPath.group(1));
            } else {
                unexpected.add(method + " " + path);
                error(ex, 404, "NotFound", null, "No such operation");
            }
        } catch (RuntimeException e) {
            unexpected.add("fake failed: " + e);
            throw e;
        }
    }

    private void token(HttpExchange ex, String tenant, Map<String, String> form) throws IOException {
        tokenRequests.incrementAndGet();
        if (!tenant.equals(TENANT)) {
            entraError(ex, 400, "invalid_request", 90002, "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you "
                    + "have the correct tenant ID and are signing into the correct cloud.");
        } else if (!CLIENT_ID.equals(form.get("client_id"))) {
            entraError(ex, 400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + form.get("client_id")
                    + "' was not found in the directory '" + tenant + "'.");
        } else if (!"client_credentials".equals(form.get("grant_type"))
                || !(clientSecret.equals(form.get("client_secret")) || validAssertion(form, tenant))) {
            entraError(ex, 401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + CLIENT_ID + "'.");
        } else if (!String.valueOf(form.get("scope")).contains(RESOURCE + "/.default")) {
            entraError(ex, 400, "invalid_scope", 70011, "AADSTS70011: The provided value for the input parameter 'scope' isn't valid.");
        } else {
            String access = "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)) + ".sig";
            validTokens.add(access);
            issuedTokens.add(access);
            ObjectNode n = JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", 3599)
                    .put("ext_expires_in", 3599).put("access_token", access);
            send(ex, 200, n);
        }
    }

    /**
     * A client assertion as Entra ID takes it: {@code client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer}
     * and a JWT (RS256 or PS256) with {@code iss} = {@code sub} = the client id and {@code aud} = this token endpoint,
     * signed by the registered certificate's key.
     */
    private boolean validAssertion(Map<String, String> form, String tenant) {
        java.security.cert.X509Certificate cert = clientCertificate;
        String jwt = form.get("client_assertion");
        if (cert == null || jwt == null
                || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            return false;
        }
        try {
            String[] parts = jwt.split("\\.");
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            java.security.Signature sig;
            String alg = header.path("alg").asText();
            if (alg.equals("RS256")) {
                sig = java.security.Signature.getInstance("SHA256withRSA");
            } else if (alg.equals("PS256")) {
                sig = java.security.Signature.getInstance("RSASSA-PSS");
                sig.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return false;
            }
            sig.initVerify(cert.getPublicKey());
            sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return sig.verify(Base64.getUrlDecoder().decode(parts[2]))
                    && CLIENT_ID.equals(claims.path("iss").asText()) && CLIENT_ID.equals(claims.path("sub").asText())
                    && claims.path("aud").asText().endsWith("/" + tenant + "/oauth2/v2.0/token");
        } catch (Exception e) {
            return false;
        }
    }

    private void entraError(HttpExchange ex, int status, String error, int code, String description) throws IOException {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        ObjectNode n = JSON.createObjectNode().put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation
                        + "\r\nTimestamp: 2026-11-20 10:00:00Z")
                .put("timestamp", "2026-11-20 10:00:00Z").put("trace_id", trace).put("correlation_id", correlation)
                .put("error_uri", url() + "/error?code=" + code);
        n.putArray("error_codes").add(code);
        send(ex, status, n);
    }

    private void get(HttpExchange ex, String name, String version) throws IOException {
        if (stallSecretGets) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        int inFlight = inFlightGets.incrementAndGet();
        maxInFlightGets.accumulateAndGet(inFlight, Math::max);
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (holdGetsUntilInFlight > 0 && inFlightGets.get() < holdGetsUntilInFlight && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            List<Version> versions = secrets.get(name);
            Version v = null;
            if (versions != null && !versions.isEmpty()) {
                if (version == null || version.isEmpty()) {
                    v = versions.get(versions.size() - 1);
                } else {
                    v = versions.stream().filter(x -> x.id.equals(version)).findFirst().orElse(null);
                }
            }
            if (v == null) {
                error(ex, 404, "SecretNotFound", null, "A secret with (name/id) " + name + (version == null ? "" : "/" + version)
                        + " was not found in this key vault. If you recently deleted this secret you may be able to recover it "
                        + "using the correct recovery command. For help resolving this issue, please see "
                        + "https://go.microsoft.com/fwlink/?linkid=2125182");
                return;
            }
            if (!v.enabled) {
                error(ex, 403, "Forbidden", "SecretDisabled", "Operation get is not allowed on a disabled secret.");
                return;
            }
            send(ex, 200, bundle(name, v, true));
        } finally {
            inFlightGets.decrementAndGet();
        }
    }

    private ObjectNode bundle(String name, Version v, boolean withValue) {
        ObjectNode n = JSON.createObjectNode();
        if (withValue) n.put("value", v.value);
        if (v.contentType != null) n.put("contentType", v.contentType);
        n.put("id", url() + "/secrets/" + name + "/" + v.id);
        n.set("attributes", attributes(v));
        n.putObject("tags");
        return n;
    }

    private static ObjectNode attributes(Version v) {
        ObjectNode a = JSON.createObjectNode().put("enabled", v.enabled);
        if (v.nbf != null) a.put("nbf", v.nbf);
        if (v.exp != null) a.put("exp", v.exp);
        a.put("created", v.created).put("updated", v.created).put("recoveryLevel", "Recoverable+Purgeable").put("recoverableDays", 90);
        return a;
    }

    private void set(HttpExchange ex, String name, byte[] body) throws IOException {
        if (deleted.containsKey(name)) {
            error(ex, 409, "Conflict", null, "Secret " + name + " is currently in a deleted but recoverable state, and its name "
                    + "cannot be reused; in this state, the secret can only be recovered or purged.");
            return;
        }
        JsonNode in = JSON.readTree(body);
        if (in == null || !in.path("value").isTextual()) {
            error(ex, 400, "BadParameter", null, "Property value is required.");
            return;
        }
        JsonNode attrs = in.path("attributes");
        Version v = new Version(in.get("value").textValue(), in.path("contentType").isTextual() ? in.get("contentType").textValue() : null,
                attrs.path("enabled").asBoolean(true), attrs.has("nbf") ? attrs.get("nbf").asLong() : null,
                attrs.has("exp") ? attrs.get("exp").asLong() : null, now);
        secrets.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(v);
        send(ex, 200, bundle(name, v, true));
    }

    private void delete(HttpExchange ex, String name) throws IOException {
        List<Version> versions = secrets.get(name);
        if (versions == null) {
            error(ex, 404, "SecretNotFound", null, "A secret with (name/id) " + name + " was not found in this key vault.");
            return;
        }
        Version latest = versions.get(versions.size() - 1);
        softDelete(name);
        send(ex, 200, deletedBundle(name, latest));
    }

    private ObjectNode deletedBundle(String name, Version latest) {
        ObjectNode n = bundle(name, latest, false);
        n.put("recoveryId", url() + "/deletedsecrets/" + name);
        n.put("deletedDate", deleted.getOrDefault(name, now));
        n.put("scheduledPurgeDate", deleted.getOrDefault(name, now) + 90L * 24 * 3600);
        return n;
    }

    private void getDeleted(HttpExchange ex, String name) throws IOException {
        List<Version> versions = deletedVersions.get(name);
        if (!deleted.containsKey(name) || versions == null) {
            error(ex, 404, "SecretNotFound", null, "Deleted Secret not found: " + name);
            return;
        }
        send(ex, 200, deletedBundle(name, versions.get(versions.size() - 1)));
    }

    private void purge(HttpExchange ex, String name) throws IOException {
        if (deleted.remove(name) == null) {
            error(ex, 404, "SecretNotFound", null, "Deleted Secret not found: " + name);
            return;
        }
        deletedVersions.remove(name);
        ex.sendResponseHeaders(204, -1);
    }

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        int size = query.containsKey("maxresults") ? Integer.parseInt(query.get("maxresults")) : pageSize;
        int offset = query.containsKey("$skiptoken")
                ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("$skiptoken")), StandardCharsets.US_ASCII)) : 0;
        List<String> names = new ArrayList<>(new TreeMap<>(secrets).keySet());
        ObjectNode page = JSON.createObjectNode();
        var value = page.putArray("value");
        for (int i = offset; i < Math.min(names.size(), offset + size); i++) {
            String name = names.get(i);
            List<Version> versions = secrets.get(name);
            Version latest = versions.get(versions.size() - 1);
            ObjectNode item = value.addObject().put("id", url() + "/secrets/" + name);
            if (latest.contentType != null) item.put("contentType", latest.contentType);
            item.set("attributes", attributes(latest));
            item.putObject("tags");
        }
        if (offset + size < names.size()) {
            String skip = Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(offset + size).getBytes(StandardCharsets.US_ASCII));
            page.put("nextLink", url() + "/secrets?api-version=7.5&$skiptoken=" + skip + "&maxresults=" + size);
        } else {
            page.putNull("nextLink");
        }
        send(ex, 200, page);
    }

    private void error(HttpExchange ex, int status, String code, String innerCode, String message) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error").put("code", code).put("message", message);
        if (innerCode != null) e.putObject("innererror").put("code", innerCode);
        send(ex, status, n);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(byte[] body) {
        return query(new String(body, StandardCharsets.UTF_8));
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

    /** The seeded secrets as a name → latest value map (for assertions). */
    Map<String, String> latestValues() {
        Map<String, String> out = new LinkedHashMap<>();
        secrets.forEach((k, v) -> out.put(k, v.get(v.size() - 1).value));
        return out;
    }
}
