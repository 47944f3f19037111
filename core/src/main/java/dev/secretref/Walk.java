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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One deep resolution: {@link #collect} walks a value once (strings inside maps, lists, sets, arrays,
 * Jackson trees, and records/POJOs through Jackson), finding every reference and marking each container
 * that holds one; {@link #render} then copies only the marked containers and shares everything else.
 * The input is never mutated. Map keys and JSON field names are not resolved.
 *
 * <p>Both passes recurse once per level of nesting, so a value nested deeper than {@link #MAX_DEPTH} levels
 * is refused by {@link #collect} with {@code VALIDATION / UNSUPPORTED} before any stack can overflow (render
 * only descends where collect did).
 */
final class Walk {
    /** Containers nested deeper than this are refused; the same default as Jackson's parser nesting limit. */
    static final int MAX_DEPTH = 1_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TemplateCache shared;
    private final Map<String, Found> found = new HashMap<>(64);               // only strings holding a reference
    private final References references;
    /**
     * The maps, collections and arrays being collected, by depth (JSON levels leave their slot empty): a container
     * met again while it is on this path contains itself. A scan of the path is cheaper than an identity map for
     * the usual few levels, and at most {@link #MAX_DEPTH} long.
     */
    private Object[] path = new Object[16];
    private final Map<Object, Changes> marked;                               // containers holding a reference
    private final Map<Object, JsonNode> pojoTrees = new IdentityHashMap<>();

    Walk(TemplateCache shared) {
        this(shared, 0, 0);
    }

    /**
     * A walk sized for about {@code references} distinct references and {@code containers} containers holding
     * them (the last walk's counts, say), so the tables are not regrown on every resolve of a similar value.
     */
    Walk(TemplateCache shared, int references, int containers) {
        this.shared = shared;
        this.references = new References(Math.min(references, 1 << 16));
        this.marked = new IdentityHashMap<>(Math.max(16, Math.min(containers, 1 << 16)));
    }

    /** How many containers hold a reference: a size hint for the next walk. */
    int markedCount() { return marked.size(); }

    /** The distinct references found, in first-seen order: the order of the values {@link #render} takes. */
    SecretReference[] references() { return references.inOrder(); }

    /**
     * The distinct references of one walk, each with its slot (first-seen order): an open-addressing table, so a
     * reference costs one probe and no entry, node or boxed slot.
     */
    private static final class References {
        private SecretReference[] inOrder;
        private SecretReference[] table;   // a power of two, at most half full
        private int[] slots;
        private int size;

        /** Room for {@code expected} references without growing. */
        References(int expected) {
            int capacity = 32;
            while (capacity < expected * 2 + 2) capacity <<= 1;
            inOrder = new SecretReference[Math.max(16, expected + 1)];
            table = new SecretReference[capacity];
            slots = new int[capacity];
        }

        /** The slot of {@code r}, given the next free one when it is new. */
        int slotOf(SecretReference r) {
            int h = r.hashCode();
            int mask = table.length - 1;
            for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
                SecretReference e = table[i];
                if (e == null) {
                    table[i] = r;
                    slots[i] = size;
                    if (size == inOrder.length) inOrder = Arrays.copyOf(inOrder, size * 2);
                    inOrder[size] = r;
                    if (++size * 2 > table.length) grow();
                    return size - 1;
                }
                if (e == r || e.equals(r)) return slots[i];
            }
        }

        private void grow() {
            SecretReference[] oldTable = table;
            int[] oldSlots = slots;
            table = new SecretReference[oldTable.length * 2];
            slots = new int[table.length];
            int mask = table.length - 1;
            for (int j = 0; j < oldTable.length; j++) {
                SecretReference e = oldTable[j];
                if (e == null) continue;
                int h = e.hashCode();
                int i = (h ^ (h >>> 16)) & mask;
                while (table[i] != null) i = (i + 1) & mask;
                table[i] = e;
                slots[i] = oldSlots[j];
            }
        }

        SecretReference[] inOrder() { return Arrays.copyOf(inOrder, size); }
    }

    /** A string holding references: its template, where its references' values are, and its rendering once made. */
    private static final class Found {
        final Template template;
        final int slot;            // the first reference's slot
        final int[] slots;         // every reference's slot; null when there is one (most strings): no array
        String rendered;

        Found(Template template, int slot, int[] slots) {
            this.template = template;
            this.slot = slot;
            this.slots = slots;
        }
    }

    /**
     * The children of a map or JSON container that hold references, with their keys (field names, map keys or
     * array indices): render copies the container as it is and replaces just these, instead of looking at every
     * child again.
     */
    private static final class Changes {
        Object[] keys = new Object[4];
        Object[] children = new Object[4];
        int size;

        void add(Object key, Object child) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                children = java.util.Arrays.copyOf(children, size * 2);
            }
            keys[size] = key;
            children[size++] = child;
        }
    }

    /** Marks a list, set, array or POJO-backed container: render visits all its children. */
    private static final Changes ALL_CHILDREN = new Changes();

    /**
     * Finds the references in {@code value}; true when it holds one.
     *
     * @throws SecretManagerException {@code VALIDATION / UNSUPPORTED} when containers nest deeper than
     *     {@link #MAX_DEPTH}; {@code VALIDATION / CYCLE} when one contains itself
     */
    boolean collect(Object value) {
        return collect(value, 0);
    }

    private boolean collect(Object value, int depth) {
        if (value == null) return false;
        if (value instanceof String s) return collectString(s);
        if (value instanceof JsonNode node) return collectNode(node, depth);
        if (isBoxedScalar(value)) return false;   // before the interface tests, which scan the class's interfaces
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]) {
            enter(value, depth);
            boolean found = false;
            if (value instanceof Map<?, ?> map) {
                Changes changes = null;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object change = collectChild(e.getValue(), depth + 1);
                    if (change != null) {
                        if (changes == null) changes = new Changes();
                        changes.add(e.getKey(), change);
                    }
                }
                path[depth] = null;
                if (changes != null) marked.put(value, changes);
                return changes != null;
            } else if (value instanceof Collection<?> c) {
                for (Object v : c) found |= collect(v, depth + 1);
            } else {
                for (Object v : (Object[]) value) found |= collect(v, depth + 1);
            }
            path[depth] = null;
            return mark(value, found);
        }
        if (isPojo(value)) {
            JsonNode tree = toTree(value);
            if (tree != null && collectNode(tree, depth)) {
                pojoTrees.put(value, tree);
                return true;
            }
        }
        return false;
    }

    private boolean collectString(String s) {
        return collectFound(s) != null;
    }

    /**
     * The references of {@code s}, recorded, and {@code s} remembered for {@link #renderString} (strings in lists,
     * sets, arrays or on their own, which render looks up by their text); {@code null} when it holds none.
     */
    private Found collectFound(String s) {
        if (!Template.mayContainReference(s)) return null;
        Found known = found.get(s);
        if (known != null) return known;
        Found f = scan(s);
        if (f != null) found.put(s, f);
        return f;
    }

    /**
     * The references of {@code s}, recorded, without remembering {@code s}: a string in a map or JSON container is
     * kept in the container's {@link Changes}, so render needs no lookup by text.
     */
    private Found scanFound(String s) {
        return Template.mayContainReference(s) ? scan(s) : null;
    }

    private Found scan(String s) {
        Template t = shared.scan(s);
        if (t == null) return null;
        int n = t.size();
        if (n == 1) return new Found(t, references.slotOf(t.reference(0)), null);
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) slots[i] = references.slotOf(t.reference(i));
        return new Found(t, slots[0], slots);
    }

    /**
     * Collects one child of a map or JSON container: the {@link Found} of a string holding references, the child
     * itself when it is a container or POJO holding some, else {@code null}.
     */
    private Object collectChild(Object child, int depth) {
        if (child instanceof String s) return scanFound(s);
        if (child instanceof TextNode text) return scanFound(text.textValue());
        if (child instanceof JsonNode node) return collectNode(node, depth) ? node : null;
        return collect(child, depth) ? child : null;
    }

    /**
     * {@link #collectChild} for a child of a JSON container: only text and containers can hold references, so a
     * number, boolean or null costs two type tests and no call (a JSON-only path also keeps the Map walk's types
     * out of this one's profile).
     */
    private Object collectNodeChild(JsonNode child, int depth) {
        if (child instanceof TextNode text) return scanFound(text.textValue());
        if (child instanceof ContainerNode<?>) return collectNode(child, depth) ? child : null;
        return null;
    }

    private boolean collectNode(JsonNode node, int depth) {
        if (node instanceof TextNode text) return collectString(text.textValue());
        if (node instanceof ObjectNode obj) {
            checkDepth(node, depth);
            Changes changes = null;
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                Object change = collectNodeChild(f.getValue(), depth + 1);
                if (change != null) {
                    if (changes == null) changes = new Changes();
                    changes.add(f.getKey(), change);
                }
            }
            if (changes != null) marked.put(node, changes);
            return changes != null;
        }
        if (node instanceof ArrayNode arr) {
            checkDepth(node, depth);
            Changes changes = null;
            for (int i = 0, n = arr.size(); i < n; i++) {
                Object change = collectNodeChild(arr.get(i), depth + 1);
                if (change != null) {
                    if (changes == null) changes = new Changes();
                    changes.add(i, change);
                }
            }
            if (changes != null) marked.put(node, changes);
            return changes != null;
        }
        if (!(node instanceof ContainerNode<?>)) return false;
        checkDepth(node, depth);
        boolean found = false;
        for (JsonNode child : node) found |= collectNode(child, depth + 1);
        return mark(node, found);
    }

    private static void checkDepth(Object container, int depth) {
        if (depth >= MAX_DEPTH) {
            throw SecretManagerException.validation(Reason.UNSUPPORTED,
                    "The value to resolve is nested deeper than " + MAX_DEPTH + " levels (a "
                            + container.getClass().getSimpleName() + " at depth " + (depth + 1)
                            + "); flatten it or resolve its parts separately");
        }
    }

    private boolean mark(Object container, boolean found) {
        if (found) marked.put(container, ALL_CHILDREN);
        return found;
    }

    private void enter(Object container, int depth) {
        checkDepth(container, depth);
        for (int i = Math.min(depth, path.length) - 1; i >= 0; i--) {
            if (path[i] == container) {
                throw SecretManagerException.validation(Reason.CYCLE,
                        "The value to resolve contains itself (a " + container.getClass().getSimpleName() + " that is its own descendant)");
            }
        }
        if (depth >= path.length) path = Arrays.copyOf(path, Math.max(depth + 1, path.length * 2));
        path[depth] = container;
    }

    /** The resolved copy of {@code value}; {@code values} holds the text of every collected reference, in their order. */
    Object render(Object value, String[] values) {
        if (value == null) return null;
        if (value instanceof String s) return renderString(s, values);
        if (value instanceof JsonNode node) return renderNode(node, values);
        if (!(value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[])) {
            JsonNode tree = pojoTrees.isEmpty() ? null : pojoTrees.get(value);
            return tree == null ? value : renderPojo(value, tree, values);
        }
        Changes changes = marked.get(value);
        if (changes == null) return value;
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = ContainerCopies.mapLike(map);   // the input's kind: a TreeMap stays sorted
            int k = 0;
            if (out.isEmpty()) {
                // every entry in its order, each put once: the changes are in entry order, so each goes in its place
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object key = e.getKey();
                    if (k < changes.size && changes.keys[k] == key) {
                        Object c = changes.children[k++];
                        out.put(key, c instanceof Found f ? rendered(f, values) : render(c, values));
                    } else {
                        out.put(key, e.getValue());
                    }
                }
            }
            for (; k < changes.size; k++) {     // a copy made with the entries, or a map changed since collect
                Object c = changes.children[k];
                out.put(changes.keys[k], c instanceof Found f ? rendered(f, values) : render(c, values));
            }
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

    private Object renderPojo(Object value, JsonNode tree, String[] values) {
        try {
            return MAPPER.treeToValue(renderNode(tree, values), value.getClass());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "Could not rebuild a " + value.getClass().getName() + " with its references resolved ("
                            + e.getClass().getSimpleName() + "); resolve it as a Map or JsonNode instead");
        }
    }

    private String renderString(String s, String[] values) {
        Found f = found.get(s);
        return f == null ? s : rendered(f, values);
    }

    /** The text of a string holding references; each distinct string is rendered once per walk. */
    private static String rendered(Found f, String[] values) {
        String r = f.rendered;
        if (r == null) {
            Template t = f.template;
            if (t.isWholeReference()) {
                r = values[f.slot];
            } else if (f.slots == null) {
                r = t.render(new String[] {values[f.slot]});
            } else {
                String[] parts = new String[f.slots.length];
                for (int i = 0; i < parts.length; i++) parts[i] = values[f.slots[i]];
                r = t.render(parts);
            }
            f.rendered = r;
        }
        return r;
    }

    private JsonNode renderNode(JsonNode node, String[] values) {
        if (node instanceof TextNode text) {
            String s = text.textValue();
            String r = renderString(s, values);
            return r == s ? node : new TextNode(r);
        }
        Changes changes = marked.get(node);
        if (changes == null) return node;
        if (node instanceof ObjectNode obj) {
            // every field as it is, in its order, into a map sized once; then the fields holding references
            Map<String, JsonNode> fields = new LinkedHashMap<>(obj.size() * 4 / 3 + 1);
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            int k = 0;                     // the changes are in field order: each is put once, in its place
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                if (k < changes.size && changes.keys[k] == key) {
                    fields.put(key, renderChange(changes.children[k++], values));
                } else {
                    fields.put(key, f.getValue());
                }
            }
            for (; k < changes.size; k++) {   // only if the object changed since collect: put what is left
                fields.put((String) changes.keys[k], renderChange(changes.children[k], values));
            }
            return new ObjectNode(JsonNodeFactory.instance, fields);
        }
        if (changes != ALL_CHILDREN) {
            ArrayNode arr = (ArrayNode) node;
            int n = arr.size();
            List<JsonNode> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) items.add(arr.get(i));
            for (int i = 0; i < changes.size; i++) {
                items.set((Integer) changes.keys[i], renderChange(changes.children[i], values));
            }
            return new ArrayNode(JsonNodeFactory.instance, items);
        }
        ArrayNode arr = (ArrayNode) node;
        ArrayNode out = JsonNodeFactory.instance.arrayNode(arr.size());
        for (JsonNode child : arr) out.add(renderNode(child, values));
        return out;
    }

    /** A recorded change of a JSON container: a string holding references, or a container holding some. */
    private JsonNode renderChange(Object change, String[] values) {
        // new TextNode, not TextNode.valueOf: valueOf reads the value (isEmpty) for its shared empty node, a cache miss
        // per secret on values that the cache holds scattered in memory
        return change instanceof Found f ? new TextNode(rendered(f, values)) : renderNode((JsonNode) change, values);
    }

    /** The JDK's boxed numbers and booleans, by exact class: the common scalars of a Map tree, never containers. */
    private static boolean isBoxedScalar(Object value) {
        Class<?> c = value.getClass();
        return c == Integer.class || c == Long.class || c == Boolean.class || c == Double.class
                || c == java.math.BigDecimal.class || c == java.math.BigInteger.class;
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
