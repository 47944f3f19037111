package dev.secretref.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the Azure Key Vault secrets data plane and of the Microsoft Entra ID token endpoint (client-credentials
 * grant) on testkit's {@link FakeHttpServer} over HTTPS, serving the documented shapes:
 * <ul>
 *   <li>Key Vault: {@code GET /secrets/{name}[/{version}]}, {@code PUT /secrets/{name}}, {@code DELETE /secrets/{name}},
 *       {@code GET|DELETE /deletedsecrets/{name}}, {@code GET /secrets} paged with {@code nextLink} (25 per page by
 *       default, {@code maxresults} 1 to 25), all with {@code ?api-version=7.x}; secret bundles with {@code attributes}
 *       (enabled, nbf, exp, created, updated in Unix seconds); a value over 25 KiB is refused with 400; a request
 *       without a valid bearer token gets 401 with
 *       {@code WWW-Authenticate: Bearer authorization="…/{tenant}", resource="https://vault.azure.net"}; errors as
 *       {@code {"error":{"code":…,"message":…,"innererror":{"code":…}}}}; 429 with {@code Retry-After}.</li>
 *   <li>Entra ID: {@code POST /{tenant}/oauth2/v2.0/token} with a form body; answers
 *       {@code {"token_type":"Bearer","expires_in":3599,"access_token":…}} or the {@code AADSTS…} error JSON
 *       ({@code error}, {@code error_description}, {@code error_codes}, {@code trace_id}, {@code correlation_id}).</li>
 * </ul>
 * Sources: https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secret/get-secret ,
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secrets/get-secrets ,
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/set-secret/set-secret ,
 * https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets (25 KB per value) ,
 * https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes ,
 * https://learn.microsoft.com/en-us/azure/key-vault/general/overview-throttling ,
 * https://learn.microsoft.com/en-us/azure/active-directory/develop/reference-aadsts-error-codes .
 * The journal ({@link #requests()}) and the unmatched requests ({@link #unexpected()}) are the server's.
 */
final class FakeKeyVault implements AutoCloseable {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT_ID = "3c9a6d1e-5b7f-4e2a-9c8d-1f2e3a4b5c6d";
    static final String CLIENT_SECRET = "fake~client-secret-Xq7Z.9kLmN0pR2sT4";
    static final String RESOURCE = "https://vault.azure.net";
    /** The test CA and the fake's certificate for 127.0.0.1, shared by every fake of the test JVM. */
    static final TestCertificates CERTIFICATES = TestCertificates.localhost();
    /** Key Vault's largest secret value: "a maximum size of 25k bytes" (about-secrets); 25,600 is what the service enforces. */
    static final int MAX_VALUE_BYTES = 25 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_PATH = "/([^/]+)/oauth2/v2\\.0/token";
    private static final String SECRET_PATH = "/secrets/([^/]+)(?:/([^/]*))?";
    private static final String DELETED_PATH = "/deletedsecrets/([^/]+)";

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

    private final FakeHttpServer server;
    private final FakeHttpServer.Route secretGets;
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> deleted = new ConcurrentHashMap<>();
    private final Map<String, List<Version>> deletedVersions = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttleLeft = new AtomicInteger();
    private final AtomicInteger serverErrorsLeft = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private volatile String forbiddenInnerCode;
    private volatile String forbiddenMessage;
    private volatile int pageSize = 25;
    private volatile String clientSecret = CLIENT_SECRET;
    private volatile String challengeTenant = TENANT;
    private volatile java.security.cert.X509Certificate clientCertificate;
    private volatile boolean rejectEveryToken;
    private volatile long now = Instant.parse("2026-11-20T10:00:00Z").getEpochSecond();

    private FakeKeyVault(TestCertificates certificates) {
        server = FakeHttpServer.https(certificates);
        server.route("POST", TOKEN_PATH, r -> token(r.group(1), form(r)));
        server.route("GET", "/secrets", vault(this::list));
        secretGets = server.route("GET", SECRET_PATH, vault(r -> get(r.group(1), r.group(2))));
        server.route("PUT", "/secrets/([^/]+)", vault(r -> set(r.group(1), r.bodyBytes())));
        server.route("DELETE", "/secrets/([^/]+)", vault(r -> delete(r.group(1))));
        server.route("GET", DELETED_PATH, vault(r -> getDeleted(r.group(1))));
        server.route("DELETE", DELETED_PATH, vault(r -> purge(r.group(1))));
    }

    /** A fake serving {@link #CERTIFICATES}' certificate. */
    static FakeKeyVault start() {
        return new FakeKeyVault(CERTIFICATES);
    }

    /** A fake serving {@code certificates}' server certificate (a test that gives or withholds its CA). */
    static FakeKeyVault start(TestCertificates certificates) {
        return new FakeKeyVault(certificates);
    }

    /** https://127.0.0.1:port, the vault URL and the authority host alike. */
    String url() { return server.url().toString(); }

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
    void failWithServerError(int n) { serverErrorsLeft.set(n); }

    /** The service principal also accepts client assertions (JWTs) signed by this certificate's key. */
    void acceptClientCertificate(java.security.cert.X509Certificate certificate) { clientCertificate = certificate; }

    /** Secret GETs (by name, with or without a version) get no answer until the fake is closed. */
    void stallSecretGets() { secretGets.gate(new CountDownLatch(1)); }

    /** Secret GETs are answered only once {@code gate} opens (or the fake closes); they are recorded on arrival. */
    void gateSecretGets(CountDownLatch gate) { secretGets.gate(gate); }

    /** Every token, issued before or after, is rejected from now on (the identity lost its access to the tenant). */
    void rejectEveryToken() { rejectEveryToken = true; }

    /** Tokens issued so far are rejected from now on, as after a revocation (the client still holds them). */
    void revokeIssuedTokens() { validTokens.removeAll(issuedTokens); }

    /** The service principal's secret is now this one (the configured one is wrong). */
    void rotateClientSecret(String secret) { clientSecret = secret; }

    void pageSize(int size) { pageSize = size; }

    /** The tenant the 401 challenge names (the vault's tenant); by default the one the token endpoint knows. */
    void challengeTenant(String tenant) { challengeTenant = tenant; }

    int tokenRequests() { return server.count("POST", TOKEN_PATH); }

    /** Every access token this fake has issued. */
    Set<String> issuedTokens() { return Set.copyOf(issuedTokens); }

    /** "METHOD /path" of every request, in order, without query strings. */
    List<String> requests() { return server.requests().stream().map(Request::toString).toList(); }

    /** The requests whose "METHOD /path" starts with {@code methodAndPathPrefix}. */
    long count(String methodAndPathPrefix) { return requests().stream().filter(r -> r.startsWith(methodAndPathPrefix)).count(); }

    /** The recorded requests themselves (query parameters and headers included), for exact assertions. */
    FakeHttpServer server() { return server; }

    /** Requests this fake does not serve (a test asserts there are none). */
    List<String> unexpected() { return server.unexpected().stream().map(Request::toString).toList(); }

    @Override
    public void close() {
        server.close();
    }

    // ---- HTTP ----

    /** A Key Vault operation behind the checks every Key Vault request goes through: api-version, token, RBAC, throttling. */
    private FakeHttpServer.Handler vault(FakeHttpServer.Handler operation) {
        return r -> {
            if (!String.valueOf(r.queryParam("api-version")).matches("7\\.[0-9]+|20\\d\\d-\\d\\d-\\d\\d(-preview)?")) {
                return error(400, "BadParameter", null, "The api-version parameter is missing or invalid");
            }
            String auth = r.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7)) || rejectEveryToken) {
                return error(401, "Unauthorized", null, auth == null ? "AKV10000: Request is missing a Bearer or PoP token."
                        : "[TokenExpired] Error validating token: 'S2S12086'.")
                        .withHeader("WWW-Authenticate", "Bearer authorization=\"" + url() + "/" + challengeTenant
                                + "\", resource=\"" + RESOURCE + "\"");
            }
            if (forbiddenInnerCode != null) return error(403, "Forbidden", forbiddenInnerCode, forbiddenMessage);
            if (throttleLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return error(429, "Throttled", null, "Request was not processed because too many requests were received. "
                        + "Reason: VaultRequestTypeLimitReached").withHeader("Retry-After", String.valueOf(retryAfterSeconds));
            }
            if (serverErrorsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return error(503, "ServiceUnavailable", null, "The service is temporarily unavailable.");
            }
            return operation.handle(r);
        };
    }

    private Response token(String tenant, Map<String, String> form) {
        if (!tenant.equals(TENANT)) {
            return entraError(400, "invalid_request", 90002, "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you "
                    + "have the correct tenant ID and are signing into the correct cloud.");
        } else if (!CLIENT_ID.equals(form.get("client_id"))) {
            return entraError(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + form.get("client_id")
                    + "' was not found in the directory '" + tenant + "'.");
        } else if (!"client_credentials".equals(form.get("grant_type"))
                || !(clientSecret.equals(form.get("client_secret")) || validAssertion(form, tenant))) {
            return entraError(401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + CLIENT_ID + "'.");
        } else if (!String.valueOf(form.get("scope")).contains(RESOURCE + "/.default")) {
            return entraError(400, "invalid_scope", 70011, "AADSTS70011: The provided value for the input parameter 'scope' isn't valid.");
        } else {
            String access = "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)) + ".sig";
            validTokens.add(access);
            issuedTokens.add(access);
            ObjectNode n = JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", 3599)
                    .put("ext_expires_in", 3599).put("access_token", access);
            return json(200, n);
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

    private Response entraError(int status, String error, int code, String description) {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        ObjectNode n = JSON.createObjectNode().put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation
                        + "\r\nTimestamp: 2026-11-20 10:00:00Z")
                .put("timestamp", "2026-11-20 10:00:00Z").put("trace_id", trace).put("correlation_id", correlation)
                .put("error_uri", url() + "/error?code=" + code);
        n.putArray("error_codes").add(code);
        return json(status, n);
    }

    private Response get(String name, String version) {
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
            return error(404, "SecretNotFound", null, "A secret with (name/id) " + name + (version == null ? "" : "/" + version)
                    + " was not found in this key vault. If you recently deleted this secret you may be able to recover it "
                    + "using the correct recovery command. For help resolving this issue, please see "
                    + "https://go.microsoft.com/fwlink/?linkid=2125182");
        }
        if (!v.enabled) return error(403, "Forbidden", "SecretDisabled", "Operation get is not allowed on a disabled secret.");
        return json(200, bundle(name, v, true));
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

    private Response set(String name, byte[] body) throws java.io.IOException {
        if (deleted.containsKey(name)) {
            return error(409, "Conflict", null, "Secret " + name + " is currently in a deleted but recoverable state, and its name "
                    + "cannot be reused; in this state, the secret can only be recovered or purged.");
        }
        JsonNode in = JSON.readTree(body);
        if (in == null || !in.path("value").isTextual()) return error(400, "BadParameter", null, "Property value is required.");
        String value = in.get("value").textValue();
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            return error(400, "BadParameter", null, "Property value has invalid value: the secret value exceeds the maximum size");
        }
        JsonNode attrs = in.path("attributes");
        Version v = new Version(value, in.path("contentType").isTextual() ? in.get("contentType").textValue() : null,
                attrs.path("enabled").asBoolean(true), attrs.has("nbf") ? attrs.get("nbf").asLong() : null,
                attrs.has("exp") ? attrs.get("exp").asLong() : null, now);
        secrets.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(v);
        return json(200, bundle(name, v, true));
    }

    private Response delete(String name) {
        List<Version> versions = secrets.get(name);
        if (versions == null) {
            return error(404, "SecretNotFound", null, "A secret with (name/id) " + name + " was not found in this key vault.");
        }
        Version latest = versions.get(versions.size() - 1);
        softDelete(name);
        return json(200, deletedBundle(name, latest));
    }

    private ObjectNode deletedBundle(String name, Version latest) {
        ObjectNode n = bundle(name, latest, false);
        n.put("recoveryId", url() + "/deletedsecrets/" + name);
        n.put("deletedDate", deleted.getOrDefault(name, now));
        n.put("scheduledPurgeDate", deleted.getOrDefault(name, now) + 90L * 24 * 3600);
        return n;
    }

    private Response getDeleted(String name) {
        List<Version> versions = deletedVersions.get(name);
        if (!deleted.containsKey(name) || versions == null) return error(404, "SecretNotFound", null, "Deleted Secret not found: " + name);
        return json(200, deletedBundle(name, versions.get(versions.size() - 1)));
    }

    private Response purge(String name) {
        if (deleted.remove(name) == null) return error(404, "SecretNotFound", null, "Deleted Secret not found: " + name);
        deletedVersions.remove(name);
        return Response.empty(204).withHeader("x-ms-request-id", UUID.randomUUID().toString());
    }

    /** Get Secrets: names in order, {@code maxresults} (1 to 25) a page, the rest behind {@code nextLink} with a {@code $skiptoken}. */
    private Response list(Request r) {
        String max = r.queryParam("maxresults");
        int size = max == null ? pageSize : Integer.parseInt(max);
        if (size < 1 || size > 25) return error(400, "BadParameter", null, "invalid maxresults");
        String skip = r.queryParam("$skiptoken");
        int offset = skip == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(skip), StandardCharsets.US_ASCII));
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
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(offset + size).getBytes(StandardCharsets.US_ASCII));
            page.put("nextLink", url() + "/secrets?api-version=7.5&$skiptoken=" + next + (max == null ? "" : "&maxresults=" + size));
        } else {
            page.putNull("nextLink");
        }
        return json(200, page);
    }

    private static Response error(int status, String code, String innerCode, String message) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error").put("code", code).put("message", message);
        if (innerCode != null) e.putObject("innererror").put("code", innerCode);
        return json(status, n);
    }

    private static Response json(int status, JsonNode body) {
        try {
            return Response.of(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body))
                    .withHeader("x-ms-request-id", UUID.randomUUID().toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(Request r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : r.body().split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
