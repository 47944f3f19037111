package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process fake of Composio's connected-accounts API (v3 and v3.1), serving the documented shapes.
 * <ul>
 *   <li>{@code GET /api/{v3|v3.1}/connected_accounts/{nanoid}}: the account object with {@code toolkit.slug},
 *       {@code auth_config} ({@code id}, {@code auth_scheme}, {@code is_composio_managed}, {@code is_disabled}),
 *       {@code id}, {@code user_id}, {@code status}, {@code created_at}, {@code updated_at}, {@code state}
 *       ({@code authScheme}, {@code val} with {@code status} and the scheme's fields), {@code data}, {@code params},
 *       {@code status_reason}, {@code is_disabled}.</li>
 *   <li>{@code GET /api/{v3|v3.1}/connected_accounts?limit=&cursor=&order_by=&order_direction=}: {@code {items,
 *       next_cursor, total_pages, current_page, total_items}}, the cursor an opaque base64 text, {@code next_cursor} null
 *       on the last page; ordered by {@code order_by} ({@code created_at} by default, or {@code updated_at}) in
 *       {@code order_direction} ({@code desc} by default, or {@code asc}), as
 *       https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccounts documents. Accounts are
 *       created a minute apart in the order they are seeded.</li>
 *   <li>Authentication by {@code x-api-key}; errors in the envelope {@code {"error":{message,code,slug,status,request_id}}};
 *       404 slug {@code ConnectedAccount_ResourceNotFound} (code 606) as Composio answers for a deleted account.</li>
 *   <li>Every answer carries {@code X-RateLimit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Window-Size};
 *       a 429 carries {@code Retry-After} and the plain body {@code {"message":"Rate limit exceeded. ..."}}.</li>
 * </ul>
 * Sources: see {@link ComposioProviderContractTest}. Records every request so tests can count calls.
 */
final class FakeComposio implements AutoCloseable {
    static final String UNAUTHORIZED_SLUG = "Auth_InvalidApiKey";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the server saw it. */
    record Request(String method, String path, Map<String, String> query, Map<String, String> headers) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    /** A forced answer for the next matching requests. */
    private record Forced(int status, String retryAfter) { }

    private final String apiKey;
    private final Map<String, ObjectNode> accounts = new ConcurrentSkipListMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Forced> forced = new ConcurrentLinkedQueue<>();
    private volatile int forbiddenStatus;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-composio");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;

    private FakeComposio(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeComposio start(String apiKey) {
        try {
            return new FakeComposio(apiKey);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    // ---------------------------------------------------------------- seeding

    /** An ACTIVE account of {@code scheme} whose {@code state.val} holds {@code fields} (plus {@code status}). */
    ObjectNode put(String id, String toolkit, String scheme, Map<String, ?> fields) {
        ObjectNode a = JSON.createObjectNode();
        a.putObject("toolkit").put("slug", toolkit);
        ObjectNode authConfig = a.putObject("auth_config");
        authConfig.put("id", "ac_" + toolkit + "01").put("auth_scheme", scheme).put("is_composio_managed", false).put("is_disabled", false);
        authConfig.putObject("deprecated").put("uuid", UUID.nameUUIDFromBytes(toolkit.getBytes(StandardCharsets.UTF_8)).toString());
        a.put("id", id).put("user_id", "user-" + id).put("status", "ACTIVE")
                .put("created_at", Instant.parse("2026-11-01T10:00:00Z").plusSeconds(60L * accounts.size()).toString().replace("Z", ".000Z"))
                .put("updated_at", "2026-11-20T08:30:00.000Z");
        ObjectNode state = a.putObject("state");
        state.put("authScheme", scheme);
        ObjectNode val = state.putObject("val");
        val.put("status", "ACTIVE");
        fields.forEach((k, v) -> val.set(k, JSON.valueToTree(v)));
        a.putObject("data");
        a.putObject("params");
        a.putNull("status_reason");
        a.put("is_disabled", false);
        a.put("test_request_endpoint", "");
        ObjectNode deprecated = a.putObject("deprecated");
        deprecated.putArray("labels");
        deprecated.put("uuid", UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString());
        accounts.put(id, a);
        return a;
    }

    ObjectNode oauth2(String id, String toolkit, String accessToken) {
        Map<String, Object> val = new LinkedHashMap<>();
        val.put("access_token", accessToken);
        val.put("token_type", "Bearer");
        val.put("refresh_token", "1//refresh-" + id + "-Zx9");
        val.put("expires_in", 3599);
        val.put("scope", "https://www.googleapis.com/auth/gmail.readonly");
        return put(id, toolkit, "OAUTH2", val);
    }

    /** Composio refreshed the account's OAuth token: a new access token and a new {@code updated_at}. */
    void rotateAccessToken(String id, String newToken) {
        ObjectNode a = accounts.get(id);
        ((ObjectNode) a.path("state").path("val")).put("access_token", newToken);
        a.put("updated_at", "2026-11-20T09:30:00.000Z");
    }

    /** Sets the account's status (in {@code status} and {@code state.val.status}), e.g. EXPIRED. */
    void status(String id, String status, String reason) {
        ObjectNode a = accounts.get(id);
        a.put("status", status);
        ((ObjectNode) a.path("state").path("val")).put("status", status);
        if (reason == null) a.putNull("status_reason"); else a.put("status_reason", reason);
        a.put("is_disabled", status.equals("INACTIVE"));
    }

    ObjectNode account(String id) { return accounts.get(id); }

    void remove(String id) { accounts.remove(id); }

    /** Answer the next {@code times} requests with 429 and {@code Retry-After: retryAfter} (null = no header). */
    void throttleNext(int times, String retryAfter) {
        for (int i = 0; i < times; i++) forced.add(new Forced(429, retryAfter));
    }

    /** Answer the next {@code times} requests with {@code status} and the error envelope. */
    void failNext(int status, int times) {
        for (int i = 0; i < times; i++) forced.add(new Forced(status, null));
    }

    /** Answer every authenticated request with {@code status} (e.g. 403 for a key scoped away from connected accounts); 0 = off. */
    void forbidAll(int status) { forbiddenStatus = status; }

    List<Request> requests() { return List.copyOf(requests); }

    int count() { return requests.size(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- serving

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            requests.add(new Request(ex.getRequestMethod(), path, query, headers));
            rateHeaders(ex, "1999");
            Forced f = forced.poll();
            if (f != null) {
                if (f.status() == 429) {
                    ex.getResponseHeaders().set("X-RateLimit-Remaining", "0");
                    if (f.retryAfter() != null) ex.getResponseHeaders().set("Retry-After", f.retryAfter());
                    sendJson(ex, 429, JSON.createObjectNode().put("message", "Rate limit exceeded. Limit: 2000 requests per 1 minute"));
                } else {
                    sendJson(ex, f.status(), error(f.status(), f.status() >= 500 ? "Internal_ServerError" : "Request_Failed",
                            "Request failed"));
                }
                return;
            }
            if (!apiKey.equals(headers.get("x-api-key"))) {
                sendJson(ex, 401, error(401, UNAUTHORIZED_SLUG, "Invalid API key"));
                return;
            }
            if (forbiddenStatus != 0) {
                sendJson(ex, forbiddenStatus, error(forbiddenStatus, "Auth_Forbidden", "This API key may not access this resource"));
                return;
            }
            String prefix = path.startsWith("/api/v3.1/") ? "/api/v3.1/" : path.startsWith("/api/v3/") ? "/api/v3/" : null;
            if (prefix == null || !ex.getRequestMethod().equals("GET")) {
                sendJson(ex, 404, error(404, "Route_NotFound", "Route not found"));
                return;
            }
            String rest = path.substring(prefix.length());
            if (rest.equals("connected_accounts")) {
                list(ex, query);
            } else if (rest.startsWith("connected_accounts/") && rest.indexOf('/', "connected_accounts/".length()) < 0) {
                String id = URLDecoder.decode(rest.substring("connected_accounts/".length()), StandardCharsets.UTF_8);
                ObjectNode a = accounts.get(id);
                if (a == null) {
                    sendJson(ex, 404, error(404, "ConnectedAccount_ResourceNotFound", "Connected account \"" + id + "\" not found", 606));
                } else {
                    sendJson(ex, 200, a);
                }
            } else {
                sendJson(ex, 404, error(404, "Route_NotFound", "Route not found"));
            }
        }
    }

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        int page = 1;
        if (query.containsKey("cursor")) {
            String decoded = new String(Base64.getDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8);
            page = Integer.parseInt(decoded.substring("page:".length(), decoded.indexOf(',')));
        }
        String orderBy = query.getOrDefault("order_by", "created_at");
        Comparator<ObjectNode> order = Comparator.comparing((ObjectNode a) -> a.path(orderBy).asText()).thenComparing(a -> a.path("id").asText());
        if (!query.getOrDefault("order_direction", "desc").equals("asc")) order = order.reversed();
        List<ObjectNode> all = new ArrayList<>(accounts.values());
        all.sort(order);
        int totalPages = Math.max(1, (all.size() + limit - 1) / limit);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (int i = (page - 1) * limit; i < Math.min(all.size(), page * limit); i++) {
            ObjectNode item = all.get(i).deepCopy();
            item.remove("params");   // the list items carry everything but params
            items.add(item);
        }
        if (page < totalPages) {
            out.put("next_cursor", Base64.getEncoder().encodeToString(("page:" + (page + 1) + ",limit:" + limit).getBytes(StandardCharsets.UTF_8)));
        } else {
            out.putNull("next_cursor");
        }
        out.put("total_pages", totalPages).put("current_page", page).put("total_items", all.size());
        sendJson(ex, 200, out);
    }

    private static void rateHeaders(HttpExchange ex, String remaining) {
        ex.getResponseHeaders().set("X-RateLimit", "2000");
        ex.getResponseHeaders().set("X-RateLimit-Remaining", remaining);
        ex.getResponseHeaders().set("X-RateLimit-Window-Size", "60s");
    }

    private static ObjectNode error(int status, String slug, String message) {
        return error(status, slug, message, status);
    }

    private static ObjectNode error(int status, String slug, String message, int code) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("code", code).put("slug", slug).put("status", status)
                .put("request_id", UUID.randomUUID().toString());
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
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
