package dev.secretref.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cache shared by several resolvers (nodes), asked on a local miss before the store
 * ({@code SecretResolver.builder().sharedCache(...)}). Implementations keep values encrypted at rest and
 * fail soft: a slow or unreachable shared cache answers {@link Optional#empty()} and ignores writes rather
 * than failing a resolve. Thread-safe.
 */
public interface SharedCache extends AutoCloseable {
    /** The cached value of {@code path} in {@code manager}, if any. */
    Optional<String> get(String manager, String path);

    /**
     * The cached values of several paths of {@code manager} (missing ones are left out), asked when a resolve
     * misses them all locally. The default asks {@link #get} path by path; an implementation may answer in one
     * round trip and coordinate loads across nodes (so nodes starting together ask the store once per secret).
     */
    default Map<String, String> getAll(String manager, Collection<String> paths) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String p : paths) get(manager, p).ifPresent(v -> found.put(p, v));
        return found;
    }

    /** Caches {@code value} for at most {@code ttl}. */
    void put(String manager, String path, String value, Duration ttl);

    /** Drops every entry of {@code manager} here and tells the other nodes. */
    void invalidate(String manager);

    /** Drops one entry here and tells the other nodes. */
    void invalidate(String manager, String path);

    /** Calls {@code listener} for each invalidation another node announces. */
    void subscribe(Consumer<Invalidation> listener);

    /**
     * Whether other nodes' invalidations reach this node now: {@code false} while this node may be missing
     * them (its subscription is disconnected). While it is {@code false} the resolver serves local entries
     * only up to a short age ({@code SecretResolver.Builder.sharedCacheDisconnectedTtl}) so a missed
     * invalidation cannot live long. Asked on the resolve path: answer from memory, never from the network.
     * An implementation that throws counts as {@code true}. The default: always {@code true}.
     */
    default boolean invalidationsLive() {
        return true;
    }

    @Override
    void close();

    /** An invalidation announced by a node: a whole manager, or one path of it. Never a value. */
    record Invalidation(String manager, Optional<String> path) {
        public Invalidation {
            Objects.requireNonNull(manager, "manager");
            Objects.requireNonNull(path, "path");
        }

        public static Invalidation of(String manager) { return new Invalidation(manager, Optional.empty()); }

        public static Invalidation of(String manager, String path) {
            return new Invalidation(manager, Optional.of(path));
        }
    }
}
