package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.FakeHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A stateful fake of Composio's connected-accounts API (v3 and v3.1) on testkit's {@link FakeHttpServer}, serving the
 * documented shapes.
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
 * Sources: see {@link ComposioProviderContractTest}. The server's journal counts calls ({@link #requests()}, {@link #count()}).
 */
final class FakeComposio implements AutoCloseable {
    static final String UNAUTHORIZED_SLUG = "Auth_InvalidApiKey";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/(v3|v3\\.1)/connected_accounts";

    private final FakeHttpServer server = FakeHttpServer.http();
    private final String apiKey;
    private final Map<String, ObjectNode> accounts = new ConcurrentSkipListMap<>();
    private volatile int forbiddenStatus;

    private FakeComposio(String apiKey) {
        this.apiKey = apiKey;
        server.route("GET", API, authorized(this::list));
        server.route("GET", API + "/([^/]+)", authorized(this::account));
    }

    static FakeComposio start(String apiKey) {
        return new FakeComposio(apiKey);
    }

    String url() { return server.url().toString(); }

    /** The server, for its journal and faults. */
    FakeHttpServer server() { return server; }

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

    /** Answer the next {@code times} requests with 429, {@code Retry-After: retryAfter} (null = no header) and Composio's plain body. */
    void throttleNext(int times, String retryAfter) {
        Response r = rateLimited(json(429, JSON.createObjectNode().put("message", "Rate limit exceeded. Limit: 2000 requests per 1 minute")), "0");
        server.failNext(times, retryAfter == null ? r : r.withHeader("Retry-After", retryAfter));
    }

    /** Answer the next {@code times} requests with {@code status} and the error envelope. */
    void failNext(int status, int times) {
        server.failNext(times, rateLimited(json(status, error(status, status >= 500 ? "Internal_ServerError" : "Request_Failed",
                "Request failed")), "1999"));
    }

    /** Answer every authenticated request with {@code status} (e.g. 403 for a key scoped away from connected accounts); 0 = off. */
    void forbidAll(int status) { forbiddenStatus = status; }

    List<Request> requests() { return server.requests(); }

    int count() { return server.count(); }

    @Override
    public void close() { server.close(); }

    // ---------------------------------------------------------------- serving

    /** A handler behind the {@code x-api-key} check; every answer carries the rate-limit headers. */
    private FakeHttpServer.Handler authorized(FakeHttpServer.Handler handler) {
        return r -> {
            Response answer;
            if (!apiKey.equals(r.header("x-api-key"))) {
                answer = json(401, error(401, UNAUTHORIZED_SLUG, "Invalid API key"));
            } else if (forbiddenStatus != 0) {
                answer = json(forbiddenStatus, error(forbiddenStatus, "Auth_Forbidden", "This API key may not access this resource"));
            } else {
                answer = handler.handle(r);
            }
            return rateLimited(answer, "1999");
        };
    }

    private Response account(Request r) {
        String id = r.group(2);
        ObjectNode a = accounts.get(id);
        return a == null ? json(404, error(404, "ConnectedAccount_ResourceNotFound", "Connected account \"" + id + "\" not found", 606))
                : json(200, a);
    }

    private Response list(Request r) {
        String limitParam = r.queryParam("limit");
        int limit = limitParam == null ? 20 : Integer.parseInt(limitParam);
        int page = 1;
        String cursor = r.queryParam("cursor");
        if (cursor != null) {
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            page = Integer.parseInt(decoded.substring("page:".length(), decoded.indexOf(',')));
        }
        String orderBy = r.queryParam("order_by") == null ? "created_at" : r.queryParam("order_by");
        Comparator<ObjectNode> order = Comparator.comparing((ObjectNode a) -> a.path(orderBy).asText()).thenComparing(a -> a.path("id").asText());
        if (!"asc".equals(r.queryParam("order_direction"))) order = order.reversed();
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
        return json(200, out);
    }

    /** {@code response} with Composio's rate-limit headers: a budget of 2000 a minute, {@code remaining} left. */
    private static Response rateLimited(Response response, String remaining) {
        return response.withHeader("X-RateLimit", "2000").withHeader("X-RateLimit-Remaining", remaining)
                .withHeader("X-RateLimit-Window-Size", "60s");
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

    private static Response json(int status, Object body) {
        try {
            return Response.of(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
