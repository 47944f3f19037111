package dev.secretref;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards events to the user's listeners; one that throws is logged (once per listener) and ignored.
 * Listeners may be added and removed while the resolver runs ({@link #add}); with none, an event costs one
 * volatile read.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<SecretResolverListener> delegates;
    private volatile boolean empty;
    private final java.util.Set<SecretResolverListener> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Listeners(List<SecretResolverListener> delegates) {
        this.delegates = new CopyOnWriteArrayList<>(delegates);
        this.empty = delegates.isEmpty();
    }

    /** Adds {@code listener} until the returned registration is closed. */
    SecretResolverListener.Registration add(SecretResolverListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (delegates) {
            delegates.add(listener);
            empty = false;
        }
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (!removed.compareAndSet(false, true)) return;
            synchronized (delegates) {
                delegates.remove(listener);
                empty = delegates.isEmpty();
            }
        };
    }

    private void each(Consumer<SecretResolverListener> event) {
        for (SecretResolverListener l : delegates) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                if (warned.add(l)) {
                    LOG.warn("SecretResolverListener {} threw {}; ignoring it (logged once)", l.getClass().getName(), e.getClass().getName());
                }
            }
        }
    }

    /** True while no listener is registered: callers may skip building an event's arguments. */
    boolean isEmpty() {
        return empty;
    }

    void onHit(String manager, String path) {
        if (!empty) each(l -> l.onHit(manager, path));
    }

    void onMiss(String manager, String path) {
        if (!empty) each(l -> l.onMiss(manager, path));
    }

    void onLoadSuccess(String manager, String path, Duration took) {
        if (!empty) each(l -> l.onLoadSuccess(manager, path, took));
    }

    void onLoadFailure(String manager, String path, Duration took, SecretManagerException error) {
        if (!empty) each(l -> l.onLoadFailure(manager, path, took, error));
    }

    void onStaleServed(String manager, String path, Duration age, SecretManagerException error) {
        LOG.debug("Serving a stale value for manager '{}' path '{}' (age {})", manager, path, age);
        if (!empty) each(l -> l.onStaleServed(manager, path, age, error));
    }

    void onRefreshFailed(String manager, String path, SecretManagerException error) {
        if (!empty) each(l -> l.onRefreshFailed(manager, path, error));
    }

    void onSharedHit(String manager, String path) {
        if (!empty) each(l -> l.onSharedHit(manager, path));
    }

    void onInvalidated(String manager, String path) {
        if (!empty) each(l -> l.onInvalidated(manager, path));
    }

    void onInvalidatedAll(String manager) {
        if (!empty) each(l -> l.onInvalidatedAll(manager));
    }

    void onResolved(String manager, String path, ResolutionContext context) {
        if (!empty) each(l -> l.onResolved(manager, path, context));
    }

    void onDenied(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!empty) each(l -> l.onDenied(manager, path, context, error));
    }

    void onResolveFailed(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!empty) each(l -> l.onResolveFailed(manager, path, context, error));
    }
}
