package dev.secretref.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One immutable state of a sync: per name, where it came from, a digest of its value, and the value. */
final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    private final Map<String, Entry> entries;
    private final Map<String, String> values;

    private Snapshot(Map<String, Entry> entries, Map<String, String> values) {
        this.entries = entries;
        this.values = values;
    }

    /** A snapshot of {@code entries} and their {@code values} (same keys). */
    static Snapshot of(Map<String, Entry> entries, Map<String, String> values) {
        return new Snapshot(Collections.unmodifiableMap(new TreeMap<>(entries)), Collections.unmodifiableMap(new TreeMap<>(values)));
    }

    Map<String, Entry> entries() { return entries; }

    Map<String, String> values() { return values; }

    int size() { return entries.size(); }

    /** Names added, changed (digest differs) and removed from this snapshot to {@code next}. */
    SyncResult diff(Snapshot next, Set<String> failed) {
        Set<String> added = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (Entry e : next.entries.values()) {
            Entry old = entries.get(e.name());
            if (old == null) added.add(e.name());
            else if (!old.digest().equals(e.digest())) changed.add(e.name());
        }
        Set<String> removed = new HashSet<>(entries.keySet());
        removed.removeAll(next.entries.keySet());
        return new SyncResult(added, changed, removed, failed);
    }

    /** A copy of the entries, for building the next snapshot. */
    Map<String, Entry> entriesCopy() {
        return new LinkedHashMap<>(entries);
    }

    /** A SHA-256 digest of a value: compares values without keeping a second copy in clear. */
    static String digest(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(d.length * 2);
            for (byte b : d) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Where a name came from and when its value last changed. Holds no value. */
    record Entry(String name, Source source, String path, String digest, Instant updatedAt) { }
}
