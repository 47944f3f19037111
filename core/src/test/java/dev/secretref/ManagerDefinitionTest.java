package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ManagerDefinitionTest {

    @Test
    void configIsADeepUnmodifiableCopy() {
        Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
        List<Object> list = new ArrayList<>(List.of("a", nested));
        Map<String, Object> config = new HashMap<>(Map.of("values", nested, "list", list));
        ManagerDefinition d = ManagerDefinition.of("m", "memory", config);

        nested.put("k", "changed");
        list.add("more");
        assertThat(d.config().get("values")).isEqualTo(Map.of("k", "v"));
        assertThat((List<?>) d.config().get("list")).hasSize(2);

        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) d.config().get("values");
        assertThatThrownBy(() -> inner.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> innerList = (List<Object>) d.config().get("list");
        assertThatThrownBy(() -> innerList.add("x")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> deeper = (Map<String, Object>) innerList.get(1);
        assertThatThrownBy(() -> deeper.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.config().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsConfigKeysAndGlobsNeverValues() {
        ManagerDefinition d = ManagerDefinition.of("m", "memory", Map.of("values", Map.of("k", "hunter2-value")))
                .allowPaths("app/**");
        assertThat(d.toString()).contains("values").contains("app/**").doesNotContain("hunter2-value");
    }
}
