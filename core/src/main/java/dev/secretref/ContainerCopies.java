package dev.secretref;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * New containers of the same kind as a resolved input, so {@code TreeMap t = resolver.resolve(tree)} gets a
 * {@code TreeMap} (same comparator) and never a {@code ClassCastException}: the input's own public class when
 * it can be built through a public constructor, else the closest JDK type of the same interfaces (a sorted
 * map or set stays sorted with its comparator; a set stays a set; anything else is a list or an insertion-ordered
 * map). A class that cannot be built is not public, so the caller's static type can only be one of those
 * interfaces.
 */
final class ContainerCopies {
    private ContainerCopies() { }

    /**
     * A map of {@code source}'s kind for the caller to put every entry of {@code source} into, in its order; it
     * may already hold {@code source}'s entries (some kinds can only be built as copies), which the puts overwrite.
     */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> mapLike(Map<?, ?> source) {
        Class<?> c = source.getClass();
        if (c == LinkedHashMap.class || c == java.util.HashMap.class) return new LinkedHashMap<>(source.size() * 4 / 3 + 1);
        if (buildable(c)) {
            Object m = null;
            if (source instanceof SortedMap<?, ?> sorted) {         // keep the comparator: (SortedMap) or (Comparator)
                m = construct(c, SortedMap.class, sorted);
                if (m == null) m = construct(c, Comparator.class, sorted.comparator());
            } else {
                m = construct(c, Map.class, source);
                if (m == null) m = construct(c);
            }
            if (m instanceof Map<?, ?> map) {
                Map<Object, Object> out = (Map<Object, Object>) map;
                if (out.isEmpty()) out.putAll(source);
                return out;
            }
        }
        if (source instanceof SortedMap<?, ?> sorted) return new TreeMap<>((SortedMap<Object, Object>) sorted);
        return new LinkedHashMap<>(source);
    }

    /** An empty collection of {@code source}'s kind. */
    @SuppressWarnings("unchecked")
    static Collection<Object> collectionLike(Collection<?> source) {
        Class<?> c = source.getClass();
        if (c == ArrayList.class) return new ArrayList<>(source.size());
        Comparator<Object> order = source instanceof SortedSet<?> s ? (Comparator<Object>) s.comparator()
                : source instanceof PriorityQueue<?> q ? (Comparator<Object>) q.comparator() : null;
        if (buildable(c)) {
            Object made = order != null || source instanceof SortedSet<?> || source instanceof PriorityQueue<?>
                    ? construct(c, Comparator.class, order) : null;
            if (made == null) made = construct(c);
            if (made instanceof Collection<?> coll && coll.isEmpty()) return (Collection<Object>) coll;
        }
        if (source instanceof SortedSet<?>) return new TreeSet<>(order);
        if (source instanceof Set<?>) return new LinkedHashSet<>();
        if (source instanceof java.util.Queue<?>) return new java.util.ArrayDeque<>();
        List<Object> list = new ArrayList<>(source.size());
        return list;
    }

    private static boolean buildable(Class<?> c) {
        return Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())
                && c.getModule().isExported(c.getPackageName());
    }

    /** {@code new c(arg)} through a public constructor taking {@code type}, or null. */
    private static Object construct(Class<?> c, Class<?> type, Object arg) {
        try {
            Constructor<?> k = c.getConstructor(type);
            return k.newInstance(arg);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException
                 | RuntimeException e) {
            return null;
        }
    }

    private static Object construct(Class<?> c) {
        try {
            return c.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException
                 | RuntimeException e) {
            return null;
        }
    }
}
