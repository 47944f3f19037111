package dev.secretref.micrometer;

import dev.secretref.ResolverView;
import dev.secretref.SecretManagerException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The meters of one manager, tagged {@code manager} and {@code provider}. Tag values are the manager's name,
 * its provider id, and for failures the error's code and reason: never a path, never a value.
 */
final class ManagerMeters {
    /** The provider tag of a manager the resolver no longer knows (an event that raced its removal). */
    static final String UNKNOWN_PROVIDER = "unknown";
    static final String LOAD_FAILURES = "secretref.load.failures";
    static final String REFRESH_FAILURES = "secretref.refresh.failures";
    static final String REFERENCES = "secretref.references";

    private final String provider;
    private final boolean known;
    private final Tags tags;
    private final MeterRegistry registry;
    private final Consumer<Meter> track;
    private final Gauge size;            // null for a manager the resolver does not know

    final Counter hits;
    final Counter misses;
    final Counter sharedHits;
    final Counter loads;
    final Timer loadSuccess;
    final Timer loadFailure;
    final Counter staleServed;
    final Counter invalidatedPaths;
    final Counter invalidatedManager;
    final Counter resolved;

    ManagerMeters(String manager, Optional<String> provider, ResolverView view, MeterRegistry registry, Consumer<Meter> track) {
        this.provider = provider.orElse(UNKNOWN_PROVIDER);
        this.known = provider.isPresent();
        this.tags = Tags.of("manager", manager, "provider", this.provider);
        this.registry = registry;
        this.track = track;
        hits = counter("secretref.cache.hits", "Values served from the local cache", tags);
        misses = counter("secretref.cache.misses", "Lookups the local cache could not answer (a load follows)", tags);
        sharedHits = counter("secretref.shared.cache.hits", "Local misses answered by the cache shared with other nodes", tags);
        loads = counter("secretref.loads", "Values loaded from the store (including refresh-ahead)", tags);
        Timer.Builder latency = Timer.builder("secretref.load.duration")
                .description("Duration of the store call that loaded a path (a batch call's duration for each of its paths)")
                .tags(tags);
        loadSuccess = tracked(latency.tag("result", "success").register(registry));
        loadFailure = tracked(latency.tag("result", "failure").register(registry));
        staleServed = counter("secretref.cache.stale.served", "Expired values served because reloading failed", tags);
        invalidatedPaths = counter("secretref.cache.invalidations", "Invalidations of this node's cache",
                tags.and("scope", "path"));
        invalidatedManager = counter("secretref.cache.invalidations", "Invalidations of this node's cache",
                tags.and("scope", "manager"));
        resolved = counter(REFERENCES, "References callers asked for, by outcome",
                tags.and("outcome", "resolved", "reason", "none"));
        size = known ? tracked(Gauge.builder("secretref.cache.size", view, v -> v.cacheSize(manager).orElse(0))
                .strongReference(true)
                .description("Entries in the manager's local cache (values, remembered not-found answers and failures)")
                .tags(tags)
                .register(registry)) : null;
    }

    /** A failure counter ({@link #LOAD_FAILURES} or {@link #REFRESH_FAILURES}) tagged with the error's code and reason. */
    Counter failureCounter(String name, SecretManagerException error) {
        return counter(name, name.equals(LOAD_FAILURES) ? "Loads the store failed, by code and reason"
                        : "Background refresh-ahead loads that failed (the current value stays), by code and reason",
                tags.and("code", String.valueOf(error.code()), "reason", String.valueOf(error.reason())));
    }

    /** The {@link #REFERENCES} counter of a denied or failed reference, by reason. */
    Counter referenceCounter(String outcome, SecretManagerException error) {
        return counter(REFERENCES, "References callers asked for, by outcome",
                tags.and("outcome", outcome, "reason", String.valueOf(error.reason())));
    }

    /** True while the manager's provider id is still {@code current} (it was not replaced by another or removed). */
    boolean isFor(Optional<String> current) {
        return known ? current.isPresent() && current.get().equals(provider) : current.isEmpty();
    }

    void removeGauge(MeterRegistry registry, Set<Meter> registered) {
        if (size == null) return;
        registry.remove(size);
        registered.remove(size);
    }

    private Counter counter(String name, String description, Tags tags) {
        return tracked(Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private <M extends Meter> M tracked(M meter) {
        track.accept(meter);
        return meter;
    }
}
