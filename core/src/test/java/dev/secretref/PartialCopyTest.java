package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deep resolve copies only the containers that hold references and replaces just those children (issue 23):
 * what it returns must still be the whole value, in its order, with every reference resolved.
 */
final class PartialCopyTest {
    private final SecretResolver resolver = SecretResolver.builder()
            .manager("m", "memory", Map.of("values", Map.of("a", "A-value", "b", "B-value"))).build();

    @AfterEach
    void close() {
        resolver.close();
    }

    @Test
    void aJsonObjectKeepsItsFieldOrderAndSharesTheChildrenWithoutReferences() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("first", "plain");
        root.put("secret", "{{m|ap_sep_v1|a}}");
        ObjectNode untouched = root.putObject("untouched");
        untouched.put("x", 1);
        ArrayNode list = root.putArray("list");
        list.add("keep").add("url://{{m|ap_sep_v1|b}}/x").add("{{m|ap_sep_v1|a}}");
        root.put("last", 42);

        JsonNode out = resolver.resolve((JsonNode) root);

        assertThat(out).isNotSameAs(root);
        List<String> names = new ArrayList<>();
        out.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("first", "secret", "untouched", "list", "last");
        assertThat(out.get("secret").textValue()).isEqualTo("A-value");
        assertThat(out.get("untouched")).isSameAs(untouched);
        assertThat(out.get("list").get(0).textValue()).isEqualTo("keep");
        assertThat(out.get("list").get(1).textValue()).isEqualTo("url://B-value/x");
        assertThat(out.get("list").get(2).textValue()).isEqualTo("A-value");
        assertThat(root.get("secret").textValue()).isEqualTo("{{m|ap_sep_v1|a}}");   // the input is not changed
    }

    @Test
    void aMapSharedAtTwoDepthsIsNotACycleAndResolvesInBothPlaces() {
        Map<String, Object> shared = new LinkedHashMap<>(Map.of("k", "{{m|ap_sep_v1|b}}"));
        Map<String, Object> sibling = new LinkedHashMap<>();
        sibling.put("shared", shared);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("one", sibling);                               // shared at depth 2 ...
        root.put("two", List.of(Map.of("deeper", shared)));    // ... and at depth 3, after the first branch is left
        root.put("plain", "text");

        Map<String, Object> out = resolver.resolve(root);

        assertThat(out.keySet()).containsExactly("one", "two", "plain");
        assertThat(((Map<?, ?>) ((Map<?, ?>) out.get("one")).get("shared")).get("k")).isEqualTo("B-value");
        Map<?, ?> deeper = (Map<?, ?>) ((Map<?, ?>) ((List<?>) out.get("two")).get(0)).get("deeper");
        assertThat(deeper.get("k")).isEqualTo("B-value");
        assertThat(shared.get("k")).isEqualTo("{{m|ap_sep_v1|b}}");
    }

    @Test
    void theSameStringInManyPlacesResolvesEverywhere() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) root.put("k" + i, i % 2 == 0 ? "{{m|ap_sep_v1|a}}" : "x-{{m|ap_sep_v1|a}}-{{m|ap_sep_v1|b}}");

        Map<String, Object> out = resolver.resolve(root);

        for (int i = 0; i < 50; i++) {
            assertThat(out.get("k" + i)).isEqualTo(i % 2 == 0 ? "A-value" : "x-A-value-B-value");
        }
    }
}
