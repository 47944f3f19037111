package dev.secretref.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * This node's copy of credential pointers, each trusted for {@code pointerTtl}. When a reload finds a new
 * revision (another node updated or moved the credential), the old and new paths are dropped from the
 * resolver's cache, so an update made elsewhere is seen within {@code pointerTtl}.
 */
final class PointerCache {
    private final CredentialTable table;
    private final Values values;
    private final Clock clock;
    private final long ttlMillis;
    private final Cache<String, Entry> entries = Caffeine.newBuilder().maximumSize(100_000).build();

    private record Entry(Pointer pointer, long loadedAt) { }

    PointerCache(CredentialTable table, Values values, Clock clock, Duration ttl) {
        this.table = table;
        this.values = values;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** The pointer of {@code id}: cached if fresh, else from the database. Empty when there is no such credential. */
    Optional<Pointer> get(String id) {
        Entry e = entries.getIfPresent(id);
        if (e != null && clock.millis() - e.loadedAt < ttlMillis) return Optional.of(e.pointer);
        return reload(id);
    }

    /** True when the cached pointer of {@code id} was loaded just now (a retry would read the same). */
    Optional<Pointer> reload(String id) {
        Entry old = entries.getIfPresent(id);
        Optional<Pointer> fresh = table.load(id);
        if (fresh.isEmpty()) {
            entries.invalidate(id);
        } else {
            entries.put(id, new Entry(fresh.get(), clock.millis()));
        }
        if (old != null && (fresh.isEmpty() || fresh.get().revision != old.pointer.revision)) {
            values.invalidate(old.pointer.manager, old.pointer.paths);
            fresh.ifPresent(p -> values.invalidate(p.manager, p.paths));
        }
        return fresh;
    }

    /** Records a pointer this node just wrote. */
    void put(Pointer p) {
        entries.put(p.id, new Entry(p, clock.millis()));
    }

    void invalidate(String id) {
        entries.invalidate(id);
    }

    void clear() {
        entries.invalidateAll();
    }
}
