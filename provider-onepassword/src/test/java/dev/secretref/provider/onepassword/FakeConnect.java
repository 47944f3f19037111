package dev.secretref.provider.onepassword;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds a WireMock server with the 1Password Connect API shapes
 * (https://developer.1password.com/docs/connect/api-reference/, API spec 1.8.1):
 * {@code GET /v1/vaults?filter=name eq "..."} (array of Vault), {@code GET /v1/vaults/{id}/items[?filter=title eq "..."]}
 * (array of Item without fields or sections), {@code GET /v1/vaults/{id}/items/{id}} (FullItem with
 * {@code fields[]} and {@code sections[]}), {@code GET /heartbeat} ("." as text/plain), errors as
 * {@code {"status": 401, "message": "Invalid token signature"}}. Requests without the bearer token get 401;
 * anything not seeded gets 404.
 */
final class FakeConnect {
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.connectTokenForTests.sig";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Map<String, ObjectNode> vaults = new LinkedHashMap<>();
    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private int ids;

    FakeConnect(WireMockServer server) {
        this.server = server;
        server.stubFor(get(anyUrl()).atPriority(10).willReturn(error(404, "Resource not found")));
        server.stubFor(get(anyUrl()).atPriority(1).withHeader("Authorization", notContaining(TOKEN))
                .willReturn(error(401, "Invalid token signature")));
        server.stubFor(auth(get(urlPathEqualTo("/heartbeat"))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody(".")));
    }

    static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":" + status + ",\"message\":\"" + message + "\"}");
    }

    static MappingBuilder auth(MappingBuilder b) {
        return b.atPriority(5).withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    String newId(String seed) {
        String base = seed.toLowerCase().replaceAll("[^a-z0-9]", "") + "qqqqqqqqqqqqqqqqqqqqqqqqqq";
        String n = Integer.toString(++ids, 36);
        return base.substring(0, 26 - n.length()) + n;
    }

    ObjectNode vault(String name) {
        return vaults.computeIfAbsent(name, n -> {
            ObjectNode v = JSON.createObjectNode();
            v.put("id", newId("v" + n));
            v.put("name", n);
            v.put("attributeVersion", 1);
            v.put("contentVersion", 3);
            v.put("items", 0);
            v.put("type", "USER_CREATED");
            v.put("createdAt", "2024-05-01T10:00:00Z");
            v.put("updatedAt", "2024-05-01T10:00:00Z");
            return v;
        });
    }

    ObjectNode item(String vault, String title) {
        return items.computeIfAbsent(vault + "\u0000" + title, k -> {
            ObjectNode i = JSON.createObjectNode();
            i.put("id", newId("i" + title));
            i.put("title", title);
            i.put("version", 1);
            i.putObject("vault").put("id", vault(vault).get("id").asText());
            i.put("category", "LOGIN");
            i.put("lastEditedBy", "DOCSAMPLEUSER0000000000000");
            i.put("createdAt", "2024-05-01T10:00:00Z");
            i.put("updatedAt", "2024-05-01T10:00:00Z");
            i.putArray("sections");
            i.putArray("fields");
            return i;
        });
    }

    /** Adds a field; a null value leaves "value" out, as Connect does for an empty field. */
    ObjectNode field(String vault, String item, String section, String label, String value) {
        return ItemJson.addField(item(vault, item), section, label, value, this::newId);
    }

    /** Registers the stubs for everything seeded so far. */
    FakeConnect publish() {
        ArrayNode all = JSON.createArrayNode();
        for (ObjectNode v : vaults.values()) {
            all.add(v);
            server.stubFor(auth(get(urlPathEqualTo("/v1/vaults"))).withQueryParam("filter", equalTo("name eq \"" + v.get("name").asText() + "\""))
                    .willReturn(json(JSON.createArrayNode().add(v))));
            ArrayNode summaries = JSON.createArrayNode();
            for (Map.Entry<String, ObjectNode> e : items.entrySet()) {
                if (!e.getKey().startsWith(v.get("name").asText() + "\u0000")) continue;
                ObjectNode summary = e.getValue().deepCopy();
                summary.remove(List.of("sections", "fields"));
                summaries.add(summary);
                String vid = v.get("id").asText();
                server.stubFor(auth(get(urlPathEqualTo("/v1/vaults/" + vid + "/items")))
                        .withQueryParam("filter", equalTo("title eq \"" + summary.get("title").asText() + "\""))
                        .willReturn(json(JSON.createArrayNode().add(summary))));
                server.stubFor(auth(get(urlPathEqualTo("/v1/vaults/" + vid + "/items/" + e.getValue().get("id").asText())))
                        .willReturn(json(e.getValue())));
            }
            String itemsPath = "/v1/vaults/" + v.get("id").asText() + "/items";
            // a title filter that matches no item: an empty array, as Connect answers
            server.stubFor(auth(get(urlPathEqualTo(itemsPath))).atPriority(6).withQueryParam("filter", matching(".*"))
                    .willReturn(json(JSON.createArrayNode())));
            server.stubFor(auth(get(urlPathEqualTo(itemsPath))).atPriority(7).willReturn(json(summaries)));
        }
        server.stubFor(auth(get(urlPathEqualTo("/v1/vaults"))).atPriority(6).withQueryParam("filter", matching(".*"))
                .willReturn(json(JSON.createArrayNode())));
        server.stubFor(auth(get(urlPathEqualTo("/v1/vaults"))).atPriority(7).willReturn(json(all)));
        return this;
    }

    static ResponseDefinitionBuilder json(Object body) {
        try {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() { return server.baseUrl(); }
}
