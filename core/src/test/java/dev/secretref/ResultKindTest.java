package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code <T> T resolve(T)} returns the input's kind: no call that compiles throws ClassCastException (issue 12). */
final class ResultKindTest {
    private static final String REF = "{{m|ap_sep_v1|k}}";
    private final SecretResolver r = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("k", "v"))).build();

    @AfterEach
    void close() {
        r.close();
    }

    @Test
    void aTreeMapComesBackAsATreeMapWithItsComparator() {
        TreeMap<String, Object> in = new TreeMap<>(Comparator.reverseOrder());
        in.put("a", REF);
        in.put("b", "plain");
        in.put("c", REF);
        TreeMap<String, Object> out = r.resolve(in);
        assertThat(out).containsExactly(Map.entry("c", "v"), Map.entry("b", "plain"), Map.entry("a", "v"));
        assertThat(out.comparator()).isEqualTo(in.comparator());
        assertThat(in.get("a")).isEqualTo(REF);
    }

    @Test
    void otherMapKindsAreKept() {
        ConcurrentHashMap<String, Object> chm = new ConcurrentHashMap<>(Map.of("a", REF));
        ConcurrentHashMap<String, Object> chmOut = r.resolve(chm);
        assertThat(chmOut).containsEntry("a", "v");

        ConcurrentSkipListMap<String, Object> skip = new ConcurrentSkipListMap<>(Map.of("a", REF, "b", "x"));
        ConcurrentSkipListMap<String, Object> skipOut = r.resolve(skip);
        assertThat(skipOut).containsExactly(Map.entry("a", "v"), Map.entry("b", "x"));

        HashMap<String, Object> hash = new HashMap<>(Map.of("a", REF));
        HashMap<String, Object> hashOut = r.resolve(hash);
        assertThat(hashOut).containsEntry("a", "v");
    }

    @Test
    void anUnmodifiableSortedMapComesBackSorted() {
        SortedMap<String, Object> in = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("b", REF, "a", "x")));
        SortedMap<String, Object> out = r.resolve(in);
        assertThat(out).isInstanceOf(NavigableMap.class).containsExactly(Map.entry("a", "x"), Map.entry("b", "v"));
    }

    @Test
    void collectionKindsAreKept() {
        LinkedList<Object> linked = new LinkedList<>(List.of(REF, "x"));
        LinkedList<Object> linkedOut = r.resolve(linked);
        assertThat(linkedOut).containsExactly("v", "x");

        TreeSet<String> sorted = new TreeSet<>(Comparator.reverseOrder());
        sorted.add(REF);
        sorted.add("a");
        TreeSet<String> sortedOut = r.resolve(sorted);
        assertThat(sortedOut).containsExactly("v", "a");

        SortedSet<String> unmodifiable = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(REF, "z")));
        SortedSet<String> unmodifiableOut = r.resolve(unmodifiable);
        assertThat(unmodifiableOut).containsExactly("v", "z");

        ArrayDeque<Object> deque = new ArrayDeque<>(List.of(REF));
        ArrayDeque<Object> dequeOut = r.resolve(deque);
        assertThat(dequeOut).containsExactly("v");

        List<Object> immutable = List.of(REF, 1);
        List<Object> immutableOut = r.resolve(immutable);
        assertThat(immutableOut).containsExactly("v", 1);
    }
}
