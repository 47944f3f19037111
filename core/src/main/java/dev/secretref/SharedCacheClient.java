package dev.secretref;

import dev.secretref.spi.SharedCache;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolver's side of a {@link SharedCache}: every call is guarded, so a shared cache that throws,
 * hangs or is slow never fails or stalls a resolve. Reads and invalidations run on the resolver's executor
 * and are waited for at most {@code timeout} (a read that takes longer is a miss; an invalidation that takes
 * longer goes on in the background); writes are fire-and-forget. A failure is logged once per outage.
 */
final class SharedCacheClient {
    private static final Logger LOG = LoggerFactory.getLogger(SharedCacheClient.class);
    /** No shared cache: every read misses, everything else does nothing. */
    static final SharedCacheClient NONE = new SharedCacheClient(null, Runnable::run, Duration.ZERO, Duration.ZERO);

    private final SharedCache cache;
    private final Executor executor;
    private final long timeoutNanos;
    private final long disconnectedTtlNanos;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param disconnectedTtl the longest a local entry is served while {@link #invalidationsLive()} is false
     */
    SharedCacheClient(SharedCache cache, Executor executor, Duration timeout, Duration disconnectedTtl) {
        this.cache = cache;
        this.executor = executor;
        this.timeoutNanos = timeout.toNanos();
        this.disconnectedTtlNanos = disconnectedTtl.toNanos();
    }

    boolean isPresent() { return cache != null; }

    /** The age (nanoseconds) beyond which a local entry counts as expired while invalidations are not live. */
    long disconnectedTtlNanos() { return disconnectedTtlNanos; }

    /**
     * Whether other nodes' invalidations reach this node ({@link SharedCache#invalidationsLive()}); true without
     * a shared cache, and when the implementation throws. Called on the resolve path, on the caller's thread.
     */
    boolean invalidationsLive() {
        if (cache == null) return true;
        try {
            return cache.invalidationsLive();
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** True from a failed or late shared-cache call until one succeeds again. */
    boolean isFailing() { return failing.get(); }

    /** The values the shared cache holds for {@code paths}; missing, failed or late ones are left out. */
    Map<String, String> getAll(String manager, Collection<String> paths) {
        if (cache == null || paths.isEmpty()) return Map.of();
        Map<String, String> found = new ConcurrentHashMap<>();
        run(() -> {
            Map<String, String> answer = cache.getAll(manager, paths);
            if (answer == null) return;
            answer.forEach((p, v) -> {
                if (p != null && v != null && paths.contains(p)) found.put(p, v);
            });
        }, "read");
        return Map.copyOf(found);    // what arrived in time; a late answer is dropped
    }

    void put(String manager, String path, String value, Duration ttl) {
        if (cache == null) return;
        try {
            executor.execute(() -> guard(() -> cache.put(manager, path, value, ttl), "write"));
        } catch (RuntimeException rejected) {
            // executor shut down: the shared cache misses one value
        }
    }

    void invalidate(String manager) {
        if (cache != null) run(() -> cache.invalidate(manager), "invalidation");
    }

    void invalidate(String manager, String path) {
        if (cache != null) run(() -> cache.invalidate(manager, path), "invalidation");
    }

    /** Registers {@code listener} for other nodes' invalidations; a listener that throws is logged and ignored. */
    void subscribe(Consumer<SharedCache.Invalidation> listener) {
        if (cache == null) return;
        guard(() -> cache.subscribe(inv -> {
            try {
                listener.accept(inv);
            } catch (RuntimeException e) {
                LOG.warn("Applying a shared-cache invalidation failed: {}", e.getClass().getName());
            }
        }), "subscription");
    }

    /** Runs {@code call} on the executor and waits at most the timeout; never throws. */
    private void run(Runnable call, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                guard(call, what);
                done.complete(null);
            });
        } catch (RuntimeException rejected) {
            return;                               // executor shut down: skip the shared cache
        }
        try {
            done.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("The shared cache did not answer a {} within {} ms; going on without it until it does",
                        what, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            // guard() never throws
        }
    }

    private void guard(Runnable call, String what) {
        try {
            call.run();
            if (failing.compareAndSet(true, false)) LOG.info("The shared cache answers again");
        } catch (RuntimeException | LinkageError e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("A shared-cache {} failed ({}); going on without it until it answers", what, e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return cache == null ? "SharedCache[none]" : "SharedCache[" + cache.getClass().getName() + "]";
    }
}
