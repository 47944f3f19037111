package dev.secretref.provider.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;

/**
 * Exponential backoff with <em>full jitter</em>: before retry {@code n} (1-based) wait a uniformly random
 * time in {@code [0, min(cap, base × 2^(n-1))]}. Full jitter spreads the retries of many clients that failed
 * together best (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final Supplier<RandomGenerator> random;

    private Backoff(Duration base, Duration cap, Supplier<RandomGenerator> random) {
        if (base.isNegative() || cap.isNegative()) throw new IllegalArgumentException("backoff durations must not be negative");
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** Full jitter from {@code base} doubling up to {@code cap}. */
    public static Backoff of(Duration base, Duration cap) {
        return new Backoff(base, cap, ThreadLocalRandom::current);
    }

    /** As {@link #of(Duration, Duration)} with a chosen source of randomness (tests). */
    public static Backoff of(Duration base, Duration cap, RandomGenerator random) {
        return new Backoff(base, cap, () -> random);
    }

    /** The largest pause before retry {@code attempt}: {@code min(cap, base × 2^(attempt-1))}. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempt starts at 1");
        long baseMs = base.toMillis();
        int shift = Math.min(attempt - 1, 30);
        long grown = baseMs > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : baseMs << shift;
        return Duration.ofMillis(Math.min(cap.toMillis(), grown));
    }

    /** A pause before retry {@code attempt}, uniformly random in {@code [0, ceiling(attempt)]}. */
    public Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.get().nextLong(ceiling + 1));
    }

    @Override
    public String toString() { return "Backoff[full jitter, base=" + base + ", cap=" + cap + "]"; }
}
