package dev.secretref.provider.conjur;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A stateful fake of the Conjur v5 REST API on testkit's {@link FakeHttpServer}, serving the shapes of the real server.
 * Sources checked:
 * <ul>
 *   <li>API reference (OpenAPI): https://github.com/cyberark/conjur-openapi-spec — spec/authentication.yml
 *       ({@code POST /authn/{account}/{login}/authenticate}, login URL-encoded {@code host%2Fwebserver},
 *       {@code Accept-Encoding: base64} returns a pre-encoded token, {@code Authorization: Token token=<base64>}),
 *       spec/secrets.yml (single secret as raw body; setting one with {@code POST} of the raw value, 201, as in
 *       https://docs.conjur.org/Latest/en/Content/Developer/Conjur_API_Set_Secret.htm: 403 without update, 404 when
 *       the variable is not declared, 422 for an empty value; batch {@code GET /secrets?variable_ids=} answers a JSON map
 *       keyed by full resource ids, {@code Accept-Encoding: base64}; ids URL-encoded, {@code prod/aws/db-password}
 *       → {@code prod%2Faws%2Fdb-password}), spec/resources.yml (kind, search, limit, offset), spec/openapi.yml.</li>
 *   <li>Server behaviour: https://github.com/cyberark/conjur — app/controllers/authenticate_controller.rb
 *       ({@code render_authn_token}: strict base64 of the JSON token, {@code Content-Encoding: base64}, text/plain;
 *       otherwise the JSON token), app/controllers/secrets_controller.rb (batch is all-or-nothing: any missing
 *       variable fails with 404, {@code authorize_many ... :execute} with 403; base64 values via Ruby
 *       {@code Base64.encode64}, i.e. wrapped every 60 characters; {@code Content-Encoding: base64}),
 *       app/controllers/application_controller.rb (401 and 403 are empty-bodied {@code head}; 404 for a missing
 *       or empty variable is {@code {"error":{"code":"not_found","message":"CONJ00076E Variable ... is empty or not found."}}}),
 *       app/models/resource.rb ({@code search}: ordered by resource id when limit/offset are given),
 *       app/controllers/resources_controller.rb ({@code count=true} answers {@code {"count":N}}); listing documented at
 *       https://github.com/cyberark/conjur/blob/master/apidocs/src/list_resources.md.</li>
 * </ul>
 * The server's journal counts calls ({@link #requests}, {@link #count}); faults go on the routes ({@link #authn()},
 * {@link #secret()}, {@link #batch()}, {@link #whoami()}, {@link #resources()}) or the {@link #server()} itself.
 */
final class FakeConjur implements AutoCloseable {
    static final String TOKEN_PROTECTED = "eyJhbGciOiJjb25qdXIub3JnL3Nsb3NpbG8vdjIiLCJraWQiOiI5M2VjNTEwODRmZTM3Zjc3MGU3OGI0ODEwYjhhYzNmMyJ9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CONJUR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final FakeHttpServer server;
    private final String account;
    private final String login;
    private final String apiKey;
    private final String basePath;
    private final Map<String, List<byte[]>> variables = new ConcurrentHashMap<>();
    private final Map<String, Integer> declaredOrder = new ConcurrentHashMap<>();
    private final Set<String> noExecute = ConcurrentHashMap.newKeySet();
    private final Set<String> noUpdate = ConcurrentHashMap.newKeySet();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile boolean base64Tokens = true;
    private volatile boolean base64Batch = true;
    private final FakeHttpServer.Route authn;
    private final FakeHttpServer.Route whoami;
    private final FakeHttpServer.Route batch;
    private final FakeHttpServer.Route secret;
    private final FakeHttpServer.Route setSecret;
    private final FakeHttpServer.Route resources;

    private FakeConjur(FakeHttpServer server, String account, String login, String apiKey, String basePath) {
        this.server = server;
        this.account = account;
        this.login = login;
        this.apiKey = apiKey;
        this.basePath = basePath;
        String base = Pattern.quote(basePath);
        authn = server.route("POST", base + "/authn/([^/]+)/([^/]+)/authenticate", this::authenticate);
        whoami = server.route("GET", base + "/whoami", authorized(this::whoami));
        batch = server.route("GET", base + "/secrets", authorized(this::batch));
        secret = server.route("GET", base + "/secrets/([^/]+)/variable/(.+)", authorized(this::secret));
        setSecret = server.route("POST", base + "/secrets/([^/]+)/variable/(.+)", authorized(this::setSecret));
        resources = server.route("GET", base + "/resources/([^/]+)(?:/([^/]+))?", authorized(this::resources));
    }

    static FakeConjur start(String account, String login, String apiKey) {
        return new FakeConjur(FakeHttpServer.http(), account, login, apiKey, "");
    }

    /** A server whose API lives under {@code basePath}, as Conjur Cloud's lives under {@code /api}. */
    static FakeConjur startUnder(String basePath, String account, String login, String apiKey) {
        return new FakeConjur(FakeHttpServer.http(), account, login, apiKey, basePath);
    }

    /** Over HTTPS with {@code certificates}' server certificate (for {@code 127.0.0.1}). */
    static FakeConjur startTls(TestCertificates certificates, String account, String login, String apiKey) {
        return new FakeConjur(FakeHttpServer.https(certificates), account, login, apiKey, "");
    }

    String url() { return server.url() + basePath; }

    /** The server, for its journal and server-wide faults ({@link FakeHttpServer#stall()}, {@link FakeHttpServer#dropNext}). */
    FakeHttpServer server() { return server; }

    /** {@code POST /authn/{account}/{login}/authenticate}. */
    FakeHttpServer.Route authn() { return authn; }

    /** {@code GET /whoami}. */
    FakeHttpServer.Route whoami() { return whoami; }

    /** {@code GET /secrets?variable_ids=}. */
    FakeHttpServer.Route batch() { return batch; }

    /** {@code GET /secrets/{account}/variable/{id}}. */
    FakeHttpServer.Route secret() { return secret; }

    /** {@code POST /secrets/{account}/variable/{id}}. */
    FakeHttpServer.Route setSecret() { return setSecret; }

    /** {@code GET /resources/{account}[/{kind}]}. */
    FakeHttpServer.Route resources() { return resources; }

    // ---------------------------------------------------------------- state

    FakeConjur put(String id, String value) { return putBytes(id, value.getBytes(StandardCharsets.UTF_8)); }

    FakeConjur putBytes(String id, byte[] value) {
        declare(id);
        variables.get(id).add(value);
        return this;
    }

    /** A variable declared in policy that has never been given a value. */
    FakeConjur declare(String id) {
        synchronized (declaredOrder) {
            declaredOrder.putIfAbsent(id, declaredOrder.size());
        }
        variables.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        return this;
    }

    /** The identity lacks update on this variable (cannot set its value). */
    FakeConjur withoutUpdate(String id) {
        noUpdate.add(id);
        return this;
    }

    /** The identity may read (see) this variable but lacks execute (fetch). */
    FakeConjur withoutExecute(String id) {
        noExecute.add(id);
        return this;
    }

    /** Forget every issued token, as when they expire on the server. */
    void expireTokens() { issued.clear(); }

    void base64Tokens(boolean on) { base64Tokens = on; }

    /** Whether the batch endpoint honours {@code Accept-Encoding: base64} (older servers ignore it). */
    void base64Batch(boolean on) { base64Batch = on; }

    int tokensIssued() { return tokensIssued.get(); }

    // ---------------------------------------------------------------- journal

    List<Request> requests() { return server.requests(); }

    /** Requests of {@code method} whose raw path, after the base path, starts with {@code prefix}. */
    List<Request> requests(String method, String prefix) {
        return server.requests(method, Pattern.quote(basePath + prefix) + ".*");
    }

    int count(String method, String prefix) { return requests(method, prefix).size(); }

    @Override
    public void close() { server.close(); }

    // ---------------------------------------------------------------- serving

    /** A handler behind Conjur's token check: a missing or unknown token is an empty-bodied 401 (ApplicationController). */
    private FakeHttpServer.Handler authorized(FakeHttpServer.Handler handler) {
        return r -> {
            String authorization = r.header("Authorization");
            if (authorization == null || !authorization.startsWith("Token token=\"") || !authorization.endsWith("\"")
                    || !issued.contains(authorization.substring(13, authorization.length() - 1))) {
                return Response.empty(401);
            }
            return handler.handle(r);
        };
    }

    private Response authenticate(Request r) throws IOException {
        if (!r.group(1).equals(account) || !r.group(2).equals(login) || !r.body().equals(apiKey)) return Response.empty(401);
        ObjectNode payload = JSON.createObjectNode().put("sub", login).put("iat", 1_795_000_000L + tokensIssued.incrementAndGet());
        ObjectNode token = JSON.createObjectNode()
                .put("protected", TOKEN_PROTECTED)
                .put("payload", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(payload)))
                .put("signature", UUID.randomUUID().toString().replace("-", ""));
        byte[] json = JSON.writeValueAsBytes(token);
        String b64 = Base64.getEncoder().encodeToString(json);
        issued.add(b64);
        String acceptEncoding = r.header("Accept-Encoding");
        boolean encoded = acceptEncoding != null && Arrays.stream(acceptEncoding.split(","))
                .anyMatch(e -> e.strip().equalsIgnoreCase("base64"));
        if (encoded && base64Tokens) {
            return Response.of(200, "text/plain; charset=utf-8", b64.getBytes(StandardCharsets.US_ASCII))
                    .withHeader("Content-Encoding", "base64");
        }
        return Response.of(200, "application/json; charset=utf-8", json);
    }

    private Response whoami(Request r) throws IOException {
        String agent = r.header("User-Agent");
        return json(200, JSON.createObjectNode().put("client_ip", "127.0.0.1").put("user_agent", agent == null ? "" : agent)
                .put("account", account).put("username", login).put("token_issued_at", "2026-11-22T03:00:00+00:00"));
    }

    private Response secret(Request r) throws IOException {
        if (!r.group(1).equals(account)) return notFound(r.group(2));
        String id = r.group(2);
        List<byte[]> versions = variables.get(id);
        if (versions == null) return notFound(id);
        if (noExecute.contains(id)) return Response.empty(403);
        String version = r.queryParam("version");
        byte[] value;
        if (version != null) {
            int v = Integer.parseInt(version);
            value = v >= 1 && v <= versions.size() ? versions.get(v - 1) : null;
        } else {
            value = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        }
        return value == null ? notFound(id) : Response.of(200, "application/octet-stream", value);
    }

    /**
     * {@code POST /secrets/{account}/variable/{id}} (spec/secrets.yml "createSecret"; SecretsController#create): the raw
     * body is the new value; 201 head; 404 (not_found JSON) for an undeclared variable; 403 head without update;
     * 422 {@code argument_error} for an empty value.
     */
    private Response setSecret(Request r) throws IOException {
        String id = r.group(2);
        List<byte[]> versions = r.group(1).equals(account) ? variables.get(id) : null;
        if (versions == null) return notFound(id);
        if (noUpdate.contains(id)) return Response.empty(403);
        byte[] body = r.bodyBytes();
        if (body.length == 0) return json(422, error("argument_error", "'value' may not be empty"));
        versions.add(body);
        return Response.empty(201);
    }

    private Response batch(Request r) throws IOException {
        String variableIds = r.queryParam("variable_ids");
        if (variableIds == null || variableIds.isEmpty()) return json(422, error("argument_error", "variable_ids"));
        List<String> ids = Arrays.asList(variableIds.split(","));
        if (new HashSet<>(ids).size() != ids.size()) return json(400, error("bad_request", "CONJ00085E Duplicate variable ids"));
        String prefix = account + ":variable:";
        Map<String, byte[]> values = new TreeMap<>();
        for (String full : ids) {
            String id = full.startsWith(prefix) ? full.substring(prefix.length()) : null;
            List<byte[]> versions = id == null ? null : variables.get(id);
            if (versions == null || versions.isEmpty()) return notFound(id == null ? full : id);
            values.put(full, versions.get(versions.size() - 1));
        }
        for (String full : ids) {
            if (noExecute.contains(full.substring(prefix.length()))) return Response.empty(403);
        }
        String acceptEncoding = r.header("Accept-Encoding");
        boolean base64 = base64Batch && acceptEncoding != null && acceptEncoding.strip().equalsIgnoreCase("base64");
        ObjectNode out = JSON.createObjectNode();
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (base64) {
                out.put(e.getKey(), Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(e.getValue()) + "\n");
            } else {
                try {
                    out.put(e.getKey(), StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(e.getValue())).toString());
                } catch (CharacterCodingException bad) {
                    return json(406, error("not_acceptable", "CONJ00074E Issue encoding secret into JSON format, "
                            + "try including 'Accept-Encoding: base64' header in request."));
                }
            }
        }
        Response ok = json(200, out);
        return base64 ? ok.withHeader("Content-Encoding", "base64") : ok;
    }

    /**
     * {@code GET /resources/{account}[/{kind}]} (ResourcesController#index, Resource.search): only variables are
     * modelled; {@code search} keeps ids holding every word of the search text ({@code ./-} are word separators, as
     * Conjur's {@code translate(input, './-', '   ')}); ordered by id when limit or offset is given, limit then
     * defaulting to 10; {@code count=true} answers {@code {"count":N}} instead.
     */
    private Response resources(Request r) throws IOException {
        String kind = r.group(2) != null ? r.group(2) : r.queryParam("kind");
        List<String> ids = r.group(1).equals(account) ? new ArrayList<>(new TreeMap<>(variables).keySet()) : new ArrayList<>();
        if (kind != null && !kind.equals("variable")) ids.clear();
        String search = r.queryParam("search");
        if (search != null) {
            List<String> words = List.of(search.toLowerCase(Locale.ROOT).split("[./\\-\\s]+"));
            ids.removeIf(id -> !List.of(id.toLowerCase(Locale.ROOT).split("[./\\-\\s]+")).containsAll(words));
        }
        if ("true".equals(r.queryParam("count"))) return json(200, JSON.createObjectNode().put("count", ids.size()));
        String limitParam = r.queryParam("limit");
        String offsetParam = r.queryParam("offset");
        int offset = offsetParam == null ? 0 : Integer.parseInt(offsetParam);
        int limit = limitParam != null ? Integer.parseInt(limitParam) : offsetParam != null ? 10 : ids.size();
        ArrayNode out = JSON.createArrayNode();
        for (int i = offset; i < Math.min(ids.size(), offset + limit); i++) {
            String id = ids.get(i);
            ObjectNode resource = out.addObject();
            resource.put("created_at", createdAt(id)).put("id", account + ":variable:" + id)
                    .put("owner", account + ":policy:root").put("policy", account + ":policy:root");
            resource.putArray("permissions");
            resource.putArray("annotations");
            ArrayNode secrets = resource.putArray("secrets");
            for (int v = 1; v <= variables.get(id).size(); v++) secrets.addObject().put("version", v).putNull("expires_at");
        }
        return json(200, out);
    }

    /** When the fake's policy declared the variable: a fixed day, a minute apart in the order of declaration. */
    private String createdAt(String id) {
        return OffsetDateTime.parse("2026-11-01T10:00:00.000+00:00").plusMinutes(declaredOrder.getOrDefault(id, 0)).format(CONJUR_TIME);
    }

    private Response notFound(String id) throws IOException {
        return json(404, error("not_found", "CONJ00076E Variable " + account + ":variable:" + id + " is empty or not found."));
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return root;
    }

    private static Response json(int status, Object body) throws IOException {
        return Response.of(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }
}
