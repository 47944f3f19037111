package dev.secretref;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
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
 * One deep resolution: {@link #collect} walks a value once (strings inside maps, lists, sets, arrays,
 * Jackson trees, and records/POJOs through Jackson), finding every reference and marking each container
 * that holds one; {@link #render} then copies only the marked containers and shares everything else.
 * The input is never mutated. Map keys and JSON field names are not resolved.
 */
final class Walk {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TemplateCache shared;
    private final Map<String, Template> templates = new HashMap<>(256);      // only strings holding a reference
    private final Set<SecretReference> references = new LinkedHashSet<>(256);
    private final Map<Object, Boolean> inProgress = new IdentityHashMap<>();
    private final Map<Object, Boolean> marked = new IdentityHashMap<>(256);  // containers holding a reference
    private final Map<Object, JsonNode> pojoTrees = new IdentityHashMap<>();

    Walk(TemplateCache shared) {
        this.shared = shared;
    }

    /** The distinct references found, in first-seen order. */
    Set<SecretReference> references() { return references; }

    /** Finds the references in {@code value}; true when it holds one. */
    boolean collect(Object value) {
        if (value == null) return false;
        if (value instanceof String s) return collectString(s);
        if (value instanceof JsonNode node) return collectNode(node);
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]) {
            enter(value);
            boolean found = false;
            if (value instanceof Map<?, ?> map) {
                for (Object v : map.values()) found |= collect(v);
            } else if (value instanceof Collection<?> c) {
                for (Object v : c) found |= collect(v);
            } else {
                for (Object v : (Object[]) value) found |= collect(v);
            }
            inProgress.remove(value);
            return mark(value, found);
        }
        if (isPojo(value)) {
            JsonNode tree = toTree(value);
            if (tree != null && collectNode(tree)) {
                pojoTrees.put(value, tree);
                return true;
            }
        }
        return false;
    }

    private boolean collectString(String s) {
        if (!Template.mayContainReference(s)) return false;
        Template t = templates.get(s);
        if (t == null) {
            t = shared.scan(s);
            if (t == null) return false;
            templates.put(s, t);
            for (int i = 0; i < t.size(); i++) references.add(t.reference(i));
        }
        return true;
    }

    private boolean collectNode(JsonNode node) {
        if (node instanceof TextNode text) return collectString(text.textValue());
        if (!(node instanceof ContainerNode<?>)) return false;
        boolean found = false;
        for (JsonNode child : node) found |= collectNode(child);
        return mark(node, found);
    }

    private boolean mark(Object container, boolean found) {
        if (found) marked.put(container, Boolean.TRUE);
        return found;
    }

    private void enter(Object container) {
        if (inProgress.put(container, Boolean.TRUE) != null) {
            throw SecretManagerException.validation(Reason.CYCLE,
                    "The value to resolve contains itself (a " + container.getClass().getSimpleName() + " that is its own descendant)");
        }
    }

    /** The resolved copy of {@code value}; {@code values} maps every collected reference to its text. */
    Object render(Object value, Map<SecretReference, String> values) {
        if (value == null) return null;
        if (value instanceof String s) return renderString(s, values);
        if (value instanceof JsonNode node) return renderNode(node, values);
        if (!(value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[])) {
            JsonNode tree = pojoTrees.isEmpty() ? null : pojoTrees.get(value);
            return tree == null ? value : renderPojo(value, tree, values);
        }
        if (!marked.containsKey(value)) return value;
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = ContainerCopies.mapLike(map);   // the input's kind: a TreeMap stays sorted
            for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), render(e.getValue(), values));
            return out;
        }
        if (value instanceof Collection<?> c) {
            Collection<Object> rendered = ContainerCopies.collectionLike(c);   // the input's kind
            for (Object v : c) rendered.add(render(v, values));
            return rendered;
        }
        Object[] array = (Object[]) value;
        Object[] out = (Object[]) Array.newInstance(array.getClass().getComponentType(), array.length);
        for (int i = 0; i < array.length; i++) out[i] = render(array[i], values);
        return out;
    }

    private Object renderPojo(Object value, JsonNode tree, Map<SecretReference, String> values) {
        try {
            return MAPPER.treeToValue(renderNode(tree, values), value.getClass());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "Could not rebuild a " + value.getClass().getName() + " with its references resolved ("
                            + e.getClass().getSimpleName() + "); resolve it as a Map or JsonNode instead");
        }
    }

    private String renderString(String s, Map<SecretReference, String> values) {
        Template t = templates.get(s);
        if (t == null) return s;
        String[] parts = new String[t.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = values.get(t.reference(i));
        return t.render(parts);
    }

    private JsonNode renderNode(JsonNode node, Map<SecretReference, String> values) {
        if (node instanceof TextNode text) {
            String s = text.textValue();
            String r = renderString(s, values);
            return r == s ? node : TextNode.valueOf(r);
        }
        if (!marked.containsKey(node)) return node;
        if (node instanceof ObjectNode obj) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.set(f.getKey(), renderNode(f.getValue(), values));
            }
            return out;
        }
        ArrayNode arr = (ArrayNode) node;
        ArrayNode out = JsonNodeFactory.instance.arrayNode(arr.size());
        for (JsonNode child : arr) out.add(renderNode(child, values));
        return out;
    }

    /** Records and beans of the application: not JDK types, enums, numbers or text. */
    private static boolean isPojo(Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof CharSequence || value instanceof Character) {
            return false;
        }
        Class<?> c = value.getClass();
        if (c.isEnum() || c.isArray()) {
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
