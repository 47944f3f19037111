package dev.secretref;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deep resolution: {@link #collect} finds every reference in a value (strings inside maps, lists,
 * sets, arrays, Jackson trees, and records/POJOs through Jackson), then {@link #render} builds the
 * resolved copy. Containers without a reference are shared, never copied; the input is never mutated.
 * Map keys and JSON field names are not resolved.
 */
final class Walk {
    private static final Template NONE = Template.marker();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TemplateCache shared;
    private final Map<String, Template> templates = new HashMap<>();
    private final Set<SecretReference> references = new LinkedHashSet<>();
    private final Map<Object, Object> inProgress = new IdentityHashMap<>();
    private final Map<Object, JsonNode> pojoTrees = new IdentityHashMap<>();

    Walk(TemplateCache shared) {
        this.shared = shared;
    }

    /** The distinct references found, in first-seen order. */
    Set<SecretReference> references() { return references; }

    void collect(Object value) {
        if (value == null) return;
        if (value instanceof String s) {
            Template t = template(s);
            if (t != null) {
                for (int i = 0; i < t.size(); i++) references.add(t.reference(i));
            }
            return;
        }
        if (value instanceof JsonNode node) {
            collectNode(node);
            return;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]) {
            enter(value);
            if (value instanceof Map<?, ?> map) {
                for (Object v : map.values()) collect(v);
            } else if (value instanceof Collection<?> c) {
                for (Object v : c) collect(v);
            } else {
                for (Object v : (Object[]) value) collect(v);
            }
            inProgress.remove(value);
            return;
        }
        if (isPojo(value)) {
            JsonNode tree = toTree(value);
            if (tree != null && SecretReference.containsReference(tree)) {
                pojoTrees.put(value, tree);
                collectNode(tree);
            }
        }
    }

    private void collectNode(JsonNode node) {
        if (node.isTextual()) {
            collect(node.textValue());
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) collectNode(child);
        }
    }

    private void enter(Object container) {
        if (inProgress.put(container, Boolean.TRUE) != null) {
            throw SecretManagerException.validation(Reason.CYCLE,
                    "The value to resolve contains itself (a " + container.getClass().getSimpleName() + " that is its own descendant)");
        }
    }

    private Template template(String s) {
        Template t = templates.get(s);
        if (t == null) {
            t = shared.scan(s);
            templates.put(s, t == null ? NONE : t);
            return t;
        }
        return t == NONE ? null : t;
    }

    /** The resolved copy of {@code value}; {@code values} maps every collected reference to its text. */
    Object render(Object value, Map<SecretReference, String> values) {
        if (value == null) return null;
        if (value instanceof String s) return renderString(s, values);
        if (value instanceof JsonNode node) return renderNode(node, values);
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = null;
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                Object r = render(v, values);
                if (r != v && out == null) {
                    out = new LinkedHashMap<>(map.size() * 2);
                    Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                    for (int k = 0; k < i; k++) {
                        Map.Entry<?, ?> prev = it.next();
                        out.put(prev.getKey(), prev.getValue());
                    }
                }
                if (out != null) out.put(e.getKey(), r);
                i++;
            }
            return out == null ? map : out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> rendered = new ArrayList<>(c.size());
            boolean changed = false;
            for (Object v : c) {
                Object r = render(v, values);
                changed |= r != v;
                rendered.add(r);
            }
            if (!changed) return c;
            return c instanceof Set<?> ? new LinkedHashSet<>(rendered) : rendered;
        }
        if (value instanceof Object[] array) {
            Object[] out = null;
            for (int i = 0; i < array.length; i++) {
                Object r = render(array[i], values);
                if (r != array[i] && out == null) {
                    out = (Object[]) Array.newInstance(array.getClass().getComponentType(), array.length);
                    System.arraycopy(array, 0, out, 0, array.length);
                }
                if (out != null) out[i] = r;
            }
            return out == null ? array : out;
        }
        JsonNode tree = pojoTrees.get(value);
        if (tree != null) {
            try {
                return MAPPER.treeToValue(renderNode(tree, values), value.getClass());
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                        "Could not rebuild a " + value.getClass().getName() + " with its references resolved ("
                                + e.getClass().getSimpleName() + "); resolve it as a Map or JsonNode instead");
            }
        }
        return value;
    }

    private String renderString(String s, Map<SecretReference, String> values) {
        Template t = template(s);
        if (t == null) return s;
        String[] parts = new String[t.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = values.get(t.reference(i));
        return t.render(parts);
    }

    private JsonNode renderNode(JsonNode node, Map<SecretReference, String> values) {
        if (node.isTextual()) {
            String s = node.textValue();
            String r = renderString(s, values);
            return r == s ? node : TextNode.valueOf(r);
        }
        if (node instanceof ObjectNode obj) {
            ObjectNode out = null;
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            List<Map.Entry<String, JsonNode>> seen = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode r = renderNode(f.getValue(), values);
                if (r != f.getValue() && out == null) {
                    out = JsonNodeFactory.instance.objectNode();
                    for (Map.Entry<String, JsonNode> p : seen) out.set(p.getKey(), p.getValue());
                }
                if (out != null) {
                    out.set(f.getKey(), r);
                } else {
                    seen.add(f);
                }
            }
            return out == null ? node : out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = null;
            for (int i = 0; i < arr.size(); i++) {
                JsonNode child = arr.get(i);
                JsonNode r = renderNode(child, values);
                if (r != child && out == null) {
                    out = JsonNodeFactory.instance.arrayNode(arr.size());
                    for (int k = 0; k < i; k++) out.add(arr.get(k));
                }
                if (out != null) out.add(r);
            }
            return out == null ? node : out;
        }
        return node;
    }

    /** Records and beans of the application: not JDK types, enums, numbers or text. */
    private static boolean isPojo(Object value) {
        Class<?> c = value.getClass();
        if (c.isEnum() || c.isArray() || c.isPrimitive() || value instanceof Number || value instanceof CharSequence
                || value instanceof Boolean || value instanceof Character) {
            return false;
        }
        String name = c.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.fasterxml.jackson."));
    }

    private static JsonNode toTree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return null;   // not something Jackson can see into: passed through unchanged
        }
    }
}
