package dev.secretref.micrometer;

import dev.secretref.SecretResolver;
import dev.secretref.SecretResolverListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Micrometer meters for a {@link SecretResolver}, fed by its listener events (like Micrometer's
 * {@code CaffeineStatsCounter} is fed by Caffeine's stats hook), not by another wrapper around the providers.
 *
 * <pre>{@code
 * SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", Map.of("region", "eu-west-1")).build();
 * SecretrefMetrics metrics = SecretrefMetrics.bind(resolver, meterRegistry);
 * ...
 * metrics.close();    // unbinds: stops counting and removes the meters it registered
 * }</pre>
 *
 * Counters of cache hits, misses, shared-cache hits, store loads and load failures, per-reference outcomes,
 * a timer of load latency, and gauges of each manager's cache size and of the shared cache's state; the
 * meter names and tags are listed in {@code docs/micrometer.md}. Tags hold the manager name, its provider id
 * and, for failures, the error code and reason: never a path, never a value. A manager defined after binding
 * gets its meters at its first event; a removed manager's cache-size gauge is removed.
 *
 * <p>Not metered yet: the credential store's moves (pending, moved, failed) of the {@code store} module; they
 * will be bound by that module when it exists.
 */
public final class SecretrefMetrics implements AutoCloseable {
    private final MeterListener listener;
    private final SecretResolverListener.Registration registration;

    private SecretrefMetrics(MeterListener listener, SecretResolverListener.Registration registration) {
        this.listener = listener;
        this.registration = registration;
    }

    /**
     * Registers the resolver's meters in {@code registry} and starts counting. Binding one resolver to several
     * registries is fine (for example a composite registry, or one binding per registry); binding it twice to
     * the same registry counts every event twice.
     */
    public static SecretrefMetrics bind(SecretResolver resolver, MeterRegistry registry) {
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(registry, "registry");
        MeterListener listener = new MeterListener(resolver.view(), registry);
        listener.registerGauges();
        return new SecretrefMetrics(listener, resolver.addListener(listener));
    }

    /** Stops counting and removes every meter this binding registered. Idempotent. */
    @Override
    public void close() {
        registration.close();
        listener.close();
    }

    @Override
    public String toString() {
        return "SecretrefMetrics[" + listener + "]";
    }
}
