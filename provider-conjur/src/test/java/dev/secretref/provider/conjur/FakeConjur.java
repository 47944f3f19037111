package dev.secretref.provider.conjur;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An in-process fake of the Conjur v5 REST API, serving the shapes of the real server. Sources checked:
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
 *       app/models/resource.rb ({@code search}: ordered by resource id when limit/offset are given).</li>
 * </ul>
 * Records every request so tests can count calls.
 */
final class FakeConjur implements AutoCloseable {
    static final String TOKEN_PROTECTED = "eyJhbGciOiJjb25qdXIub3JnL3Nsb3NpbG8vdjIiLCJraWQiOiI5M2VjNTEwODRmZTM3Zjc3MGU3OGI0ODEwYjhhYzNmMyJ9";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the server saw it. */
    record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
        String header(String name) { return headers.get(name.toLowerCase(java.util.Locale.ROOT)); }
    }

    private final String account;
    private final String login;
    private final String apiKey;
    private final String basePath;
    private final Map<String, List<byte[]>> variables = new ConcurrentHashMap<>();
    private final Map<String, Integer> declaredOrder = new ConcurrentHashMap<>();
    private final Set<String> noExecute = ConcurrentHashMap.newKeySet();
    private final Set<String> noUpdate = ConcurrentHashMap.newKeySet();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> forced = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile boolean base64Tokens = true;
    private volatile boolean base64Batch = true;
    private volatile boolean hang;
    private volatile long authnDelayMillis;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-conjur");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;

    private FakeConjur(String account, String login, String apiKey, String basePath, SSLContext tls) throws IOException {
        this.account = account;
        this.login = login;
        this.apiKey = apiKey;
        this.basePath = basePath;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeConjur start(String account, String login, String apiKey) throws IOException {
        return new FakeConjur(account, login, apiKey, "", null);
    }

    /** A server whose API lives under {@code basePath}, as Conjur Cloud's lives under {@code /api}. */
    static FakeConjur startUnder(String basePath, String account, String login, String apiKey) throws IOException {
        return new FakeConjur(account, login, apiKey, basePath, null);
    }

    static FakeConjur startTls(SSLContext tls, String account, String login, String apiKey) throws IOException {
        return new FakeConjur(account, login, apiKey, "", tls);
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        String host = server instanceof HttpsServer ? "localhost" : "127.0.0.1";
        return scheme + "://" + host + ":" + server.getAddress().getPort() + basePath;
    }

    FakeConjur put(String id, String value) { return putBytes(id, value.getBytes(StandardCharsets.UTF_8)); }

    FakeConjur putBytes(String id, byte[] value) {
        declaredOrder.putIfAbsent(id, declaredOrder.size());
        variables.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(value);
        return this;
    }

    /** A variable declared in policy that has never been given a value. */
    FakeConjur declare(String id) {
        declaredOrder.putIfAbsent(id, declaredOrder.size());
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

    /** Answer the next {@code times} requests whose raw path starts with {@code prefix} with {@code status}. */
    void failNext(String prefix, int status, int times) {
        ConcurrentLinkedQueue<Integer> q = forced.computeIfAbsent(basePath + prefix, k -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) q.add(status);
    }

    /** Forget every issued token, as when they expire on the server. */
    void expireTokens() { issued.clear(); }

    void base64Tokens(boolean on) { base64Tokens = on; }

    /** Whether the batch endpoint honours {@code Accept-Encoding: base64} (older servers ignore it). */
    void base64Batch(boolean on) { base64Batch = on; }

    void hang(boolean on) { hang = on; }

    void authnDelay(long millis) { authnDelayMillis = millis; }

    int tokensIssued() { return tokensIssued.get(); }

    List<Request> requests() { return List.copyOf(requests); }

    /** Requests of {@code method} whose path (after the base path) starts with {@code prefix}. */
    List<Request> requests(String method, String prefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.rawPath().startsWith(basePath + prefix)).toList();
    }

    int count(String method, String prefix) { return requests(method, prefix).size(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            requests.add(new Request(ex.getRequestMethod(), rawPath, rawQuery, headers, body));
            if (hang) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (Map.Entry<String, ConcurrentLinkedQueue<Integer>> f : forced.entrySet()) {
                if (rawPath.startsWith(f.getKey())) {
                    Integer status = f.getValue().poll();
                    if (status != null) {
                        send(ex, status, null, new byte[0]);
                        return;
                    }
                }
            }
            if (!rawPath.startsWith(basePath + "/")) {
                send(ex, 404, null, new byte[0]);
                return;
            }
            List<String> segments = new ArrayList<>();
            for (String s : rawPath.substring(basePath.length() + 1).split("/", -1)) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            route(ex, segments, rawQuery, headers, body);
        }
    }

    private void route(HttpExchange ex, List<String> seg, String rawQuery, Map<String, String> headers, byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("POST") && seg.size() == 4 && seg.get(0).equals("authn") && seg.get(3).equals("authenticate")) {
            authenticate(ex, seg.get(1), seg.get(2), headers, body);
            return;
        }
        boolean setSecret = method.equals("POST") && seg.size() >= 4 && seg.get(0).equals("secrets")
                && seg.get(1).equals(account) && seg.get(2).equals("variable");
        if (!method.equals("GET") && !setSecret) {
            send(ex, 404, null, new byte[0]);
            return;
        }
        String authorization = headers.getOrDefault("authorization", "");
        if (!authorization.startsWith("Token token=\"") || !authorization.endsWith("\"")
                || !issued.contains(authorization.substring(13, authorization.length() - 1))) {
            send(ex, 401, null, new byte[0]);   // ApplicationController#unauthorized: head :unauthorized
            return;
        }
        Map<String, String> query = query(rawQuery);
        if (setSecret) {
            setSecret(ex, String.join("/", seg.subList(3, seg.size())), body);
        } else if (seg.size() == 1 && seg.get(0).equals("whoami")) {
            ObjectNode who = JSON.createObjectNode().put("client_ip", "127.0.0.1").put("user_agent", headers.getOrDefault("user-agent", ""))
                    .put("account", account).put("username", login).put("token_issued_at", "2026-11-22T03:00:00+00:00");
            sendJson(ex, 200, who);
        } else if (seg.size() == 1 && seg.get(0).equals("secrets")) {
            batch(ex, query.get("variable_ids"), headers);
        } else if (seg.size() >= 4 && seg.get(0).equals("secrets") && seg.get(1).equals(account) && seg.get(2).equals("variable")) {
            secret(ex, String.join("/", seg.subList(3, seg.size())), query.get("version"));
        } else if ((seg.size() == 2 || seg.size() == 3) && seg.get(0).equals("resources") && seg.get(1).equals(account)) {
            resources(ex, seg.size() == 3 ? seg.get(2) : query.get("kind"), query);
        } else {
            send(ex, 404, null, new byte[0]);
        }
    }

    private void authenticate(HttpExchange ex, String acct, String who, Map<String, String> headers, byte[] body) throws IOException {
        if (authnDelayMillis > 0) {
            try {
                Thread.sleep(authnDelayMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (!acct.equals(account) || !who.equals(login) || !new String(body, StandardCharsets.UTF_8).equals(apiKey)) {
            send(ex, 401, null, new byte[0]);
            return;
        }
        ObjectNode payload = JSON.createObjectNode().put("sub", login).put("iat", 1_795_000_000L + tokensIssued.incrementAndGet());
        ObjectNode token = JSON.createObjectNode()
                .put("protected", TOKEN_PROTECTED)
                .put("payload", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(payload)))
                .put("signature", UUID.randomUUID().toString().replace("-", ""));
        byte[] json = JSON.writeValueAsBytes(token);
        String b64 = Base64.getEncoder().encodeToString(json);
        issued.add(b64);
        boolean encoded = Arrays.stream(headers.getOrDefault("accept-encoding", "").split(","))
                .anyMatch(e -> e.strip().equalsIgnoreCase("base64"));
        if (encoded && base64Tokens) {
            ex.getResponseHeaders().add("Content-Encoding", "base64");
            send(ex, 200, "text/plain; charset=utf-8", b64.getBytes(StandardCharsets.US_ASCII));
        } else {
            send(ex, 200, "application/json; charset=utf-8", json);
        }
    }

    private void secret(HttpExchange ex, String id, String version) throws IOException {
        List<byte[]> versions = variables.get(id);
        if (versions == null) {
            notFound(ex, id);
            return;
        }
        if (noExecute.contains(id)) {
            send(ex, 403, null, new byte[0]);
            return;
        }
        byte[] value;
        if (version != null) {
            int v = Integer.parseInt(version);
            value = v >= 1 && v <= versions.size() ? versions.get(v - 1) : null;
        } else {
            value = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        }
        if (value == null) {
            notFound(ex, id);
            return;
        }
        send(ex, 200, "application/octet-stream", value);
    }

    /**
     * {@code POST /secrets/{account}/variable/{id}} (spec/secrets.yml "createSecret"; SecretsController#create): the raw
     * body is the new value; 201 head; 404 (not_found JSON) for an undeclared variable; 403 head without update;
     * 422 {@code argument_error} for an empty value.
     */
    private void setSecret(HttpExchange ex, String id, byte[] body) throws IOException {
        List<byte[]> versions = variables.get(id);
        if (versions == null) {
            notFound(ex, id);
            return;
        }
        if (noUpdate.contains(id)) {
            send(ex, 403, null, new byte[0]);
            return;
        }
        if (body.length == 0) {
            sendJson(ex, 422, error("argument_error", "'value' may not be empty"));
            return;
        }
        versions.add(body);
        send(ex, 201, null, new byte[0]);
    }

    private void batch(HttpExchange ex, String variableIds, Map<String, String> headers) throws IOException {
        if (variableIds == null || variableIds.isEmpty()) {
            sendJson(ex, 422, error("argument_error", "variable_ids"));
            return;
        }
        List<String> ids = Arrays.asList(variableIds.split(","));
        if (new HashSet<>(ids).size() != ids.size()) {
            sendJson(ex, 400, error("bad_request", "CONJ00085E Duplicate variable ids"));
            return;
        }
        String prefix = account + ":variable:";
        Map<String, byte[]> values = new TreeMap<>();
        for (String full : ids) {
            String id = full.startsWith(prefix) ? full.substring(prefix.length()) : null;
            List<byte[]> versions = id == null ? null : variables.get(id);
            if (versions == null || versions.isEmpty()) {
                notFound(ex, id == null ? full : id);
                return;
            }
            values.put(full, versions.get(versions.size() - 1));
        }
        for (String full : ids) {
            if (noExecute.contains(full.substring(prefix.length()))) {
                send(ex, 403, null, new byte[0]);
                return;
            }
        }
        boolean base64 = base64Batch && headers.getOrDefault("accept-encoding", "").strip().equalsIgnoreCase("base64");
        ObjectNode out = JSON.createObjectNode();
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (base64) {
                out.put(e.getKey(), Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(e.getValue()) + "\n");
            } else {
                try {
                    out.put(e.getKey(), StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(e.getValue())).toString());
                } catch (CharacterCodingException bad) {
                    sendJson(ex, 406, error("not_acceptable", "CONJ00074E Issue encoding secret into JSON format, "
                            + "try including 'Accept-Encoding: base64' header in request."));
                    return;
                }
            }
        }
        if (base64) ex.getResponseHeaders().add("Content-Encoding", "base64");
        sendJson(ex, 200, out);
    }

    /**
     * {@code GET /resources/{account}[/{kind}]} (ResourcesController#index, Resource.search): only variables are
     * modelled; {@code search} keeps ids holding every word of the search text ({@code ./-} are word separators, as
     * Conjur's {@code translate(input, './-', '   ')}); ordered by id when limit or offset is given, limit then
     * defaulting to 10; {@code count=true} answers {@code {"count":N}} instead.
     */
    private void resources(HttpExchange ex, String kind, Map<String, String> query) throws IOException {
        List<String> ids = new ArrayList<>(new TreeMap<>(variables).keySet());
        if (kind != null && !kind.equals("variable")) ids.clear();
        String search = query.get("search");
        if (search != null) {
            List<String> words = List.of(search.toLowerCase(java.util.Locale.ROOT).split("[./\\-\\s]+"));
            ids.removeIf(id -> !List.of(id.toLowerCase(java.util.Locale.ROOT).split("[./\\-\\s]+")).containsAll(words));
        }
        if ("true".equals(query.get("count"))) {
            sendJson(ex, 200, JSON.createObjectNode().put("count", ids.size()));
            return;
        }
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        int limit = query.containsKey("limit") || query.containsKey("offset") ? Integer.parseInt(query.getOrDefault("limit", "10")) : ids.size();
        ArrayNode out = JSON.createArrayNode();
        for (int i = offset; i < Math.min(ids.size(), offset + limit); i++) {
            String full = account + ":variable:" + ids.get(i);
            ObjectNode r = out.addObject();
            r.put("created_at", createdAt(ids.get(i))).put("id", full)
                    .put("owner", account + ":policy:root").put("policy", account + ":policy:root");
            r.putArray("permissions");
            r.putArray("annotations");
            ArrayNode secrets = r.putArray("secrets");
            for (int v = 1; v <= variables.get(ids.get(i)).size(); v++) secrets.addObject().put("version", v).putNull("expires_at");
        }
        sendJson(ex, 200, out);
    }

    /** When the fake's policy declared the variable: a fixed day, a minute apart in the order of declaration. */
    String createdAt(String id) {
        int n = declaredOrder.getOrDefault(id, 0);
        return java.time.OffsetDateTime.parse("2026-11-01T10:00:00.000+00:00").plusMinutes(n)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx"));
    }

    private void notFound(HttpExchange ex, String id) throws IOException {
        sendJson(ex, 404, error("not_found", "CONJ00076E Variable " + account + ":variable:" + id + " is empty or not found."));
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return root;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null) return out;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }
}
