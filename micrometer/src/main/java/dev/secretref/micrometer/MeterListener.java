package dev.secretref.micrometer;

import dev.secretref.ResolutionContext;
import dev.secretref.ResolverView;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolverListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns resolver events into meters. Per manager, the meters of frequent events are built once
 * ({@link ManagerMeters}); rarer ones (failures by reason) are looked up in the registry when they happen.
 * Every meter it registers is remembered, so {@link #close()} can remove them.
 */
final class MeterListener implements SecretResolverListener {
    static final String SHARED_CACHE_AVAILABLE = "secretref.shared.cache.available";

    private final ResolverView view;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, ManagerMeters> byManager = new ConcurrentHashMap<>();
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    MeterListener(ResolverView view, MeterRegistry registry) {
        this.view = view;
        this.registry = registry;
    }

    /** The cache-size gauge of every manager registered now, and the shared-cache gauge if there is a shared cache. */
    void registerGauges() {
        for (String manager : view.managerNames()) meters(manager);
        if (view.sharedCacheState() != ResolverView.SharedCacheState.NONE) {
            registered.add(Gauge.builder(SHARED_CACHE_AVAILABLE, view,
                            v -> v.sharedCacheState() == ResolverView.SharedCacheState.AVAILABLE ? 1 : 0)
                    .strongReference(true)
                    .description("1 while the cache shared with other nodes answers, 0 while it fails or is late")
                    .register(registry));
        }
    }

    private ManagerMeters meters(String manager) {
        ManagerMeters m = byManager.get(manager);
        return m != null ? m : byManager.computeIfAbsent(manager, this::create);
    }

    private ManagerMeters create(String manager) {
        Optional<String> provider = view.providerId(manager);
        return new ManagerMeters(manager, provider, view, registry, registered::add);
    }

    @Override
    public void onHit(String manager, String path) {
        if (!closed) meters(manager).hits.increment();
    }

    @Override
    public void onMiss(String manager, String path) {
        if (!closed) meters(manager).misses.increment();
    }

    @Override
    public void onSharedHit(String manager, String path) {
        if (!closed) meters(manager).sharedHits.increment();
    }

    @Override
    public void onLoadSuccess(String manager, String path, Duration took) {
        if (closed) return;
        ManagerMeters m = meters(manager);
        m.loads.increment();
        m.loadSuccess.record(took);
    }

    @Override
    public void onLoadFailure(String manager, String path, Duration took, SecretManagerException error) {
        if (closed) return;
        ManagerMeters m = meters(manager);
        m.loadFailure.record(took);
        m.failureCounter(ManagerMeters.LOAD_FAILURES, error).increment();
    }

    @Override
    public void onRefreshFailed(String manager, String path, SecretManagerException error) {
        if (!closed) meters(manager).failureCounter(ManagerMeters.REFRESH_FAILURES, error).increment();
    }

    @Override
    public void onStaleServed(String manager, String path, Duration age, SecretManagerException error) {
        if (!closed) meters(manager).staleServed.increment();
    }

    @Override
    public void onInvalidated(String manager, String path) {
        if (!closed) meters(manager).invalidatedPaths.increment();
    }

    /** Also fired when a manager is replaced or removed: its gauge then follows the new provider, or goes. */
    @Override
    public void onInvalidatedAll(String manager) {
        if (closed) return;
        Optional<String> now = view.providerId(manager);
        ManagerMeters m = byManager.get(manager);
        if (m == null) {
            if (now.isEmpty()) return;            // removed before it had meters: nothing to count it under
            m = meters(manager);
        }
        m.invalidatedManager.increment();
        if (!m.isFor(now) && byManager.remove(manager, m)) {
            m.removeGauge(registry, registered);
            if (now.isPresent()) meters(manager);
        }
    }

    @Override
    public void onResolved(String manager, String path, ResolutionContext context) {
        if (!closed) meters(manager).resolved.increment();
    }

    @Override
    public void onDenied(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!closed) meters(manager).referenceCounter("denied", error).increment();
    }

    @Override
    public void onResolveFailed(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!closed) meters(manager).referenceCounter("failed", error).increment();
    }

    /** Stops counting and removes every meter registered so far. */
    void close() {
        closed = true;
        for (Meter meter : registered) registry.remove(meter);
        registered.clear();
        byManager.clear();
    }

    @Override
    public String toString() {
        return "managers=" + byManager.keySet() + (closed ? ", closed" : "");
    }
}
