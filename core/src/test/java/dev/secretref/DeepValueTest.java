package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 13 #8: values nested thousands of levels deep fail VALIDATION with the limit, never StackOverflowError. */
final class DeepValueTest {
    private final SecretResolver resolver = SecretResolver.builder()
            .manager("m", "memory", Map.of("values", Map.of("k", "v4lue"))).build();

    @AfterEach
    void close() {
        resolver.close();
    }

    private static Map<String, Object> nestedMap(int depth, Object leaf) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> m = root;
        for (int i = 1; i < depth; i++) {
            Map<String, Object> child = new LinkedHashMap<>();
            m.put("c", child);
            m = child;
        }
        m.put("leaf", leaf);
        return root;
    }

    private static JsonNode nestedNode(int depth, String leaf) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode n = root;
        for (int i = 1; i < depth; i++) n = n.putObject("c");
        n.put("leaf", leaf);
        return root;
    }

    @Test
    void aMapNested3000DeepIsAValidationErrorNamingTheLimit() {
        assertThatThrownBy(() -> resolver.resolve(nestedMap(3_000, "{{m|ap_sep_v1|k}}")))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("deeper than 1000 levels");
                });
    }

    @Test
    void aJsonNodeNested5000DeepIsAValidationErrorNamingTheLimit() {
        assertThatThrownBy(() -> resolver.resolve(nestedNode(5_000, "{{m|ap_sep_v1|k}}")))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains("deeper than 1000 levels");
                });
    }

    @Test
    void aListNested3000DeepWithoutAnyReferenceIsRefusedToo() {
        List<Object> root = new ArrayList<>();
        List<Object> l = root;
        for (int i = 0; i < 3_000; i++) {
            List<Object> child = new ArrayList<>();
            l.add(child);
            l = child;
        }
        assertThatThrownBy(() -> resolver.resolve(root)).isInstanceOf(SecretManagerException.class)
                .hasMessageContaining("deeper than 1000 levels");
    }

    @Test
    void valuesUpToTheLimitResolve() {
        Map<String, Object> deep = nestedMap(Walk.MAX_DEPTH, "{{m|ap_sep_v1|k}}");
        JsonNode node = nestedNode(Walk.MAX_DEPTH, "{{m|ap_sep_v1|k}}");

        Map<String, Object> out = resolver.resolve(deep);
        JsonNode outNode = resolver.resolve(node);

        Object m = out;
        for (int i = 1; i < Walk.MAX_DEPTH; i++) m = ((Map<?, ?>) m).get("c");
        assertThat(((Map<?, ?>) m).get("leaf")).isEqualTo("v4lue");
        assertThat(outNode.findValue("leaf").asText()).isEqualTo("v4lue");
    }

    @Test
    void containsReferenceWalksDeepStructuresWithoutRecursion() {
        assertThat(SecretReference.containsReference(nestedMap(100_000, "{{m|ap_sep_v1|k}}"))).isTrue();
        assertThat(SecretReference.containsReference(nestedMap(100_000, "plain"))).isFalse();
        assertThat(SecretReference.containsReference(nestedNode(20_000, "{{m|ap_sep_v1|k}}"))).isTrue();
    }
}
