package dev.secretref;

import dev.secretref.spi.ProviderConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How one manager's secrets are cached. Immutable; build with {@link #builder()}, start from
 * {@link #defaults()} or turn caching off with {@link #disabled()}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>ttl</td><td>5 min</td><td>a value is fresh this long</td></tr>
 *   <tr><td>refreshAhead</td><td>80 % of ttl</td><td>older than this, a hit also reloads in the background</td></tr>
 *   <tr><td>maxStale</td><td>1 h</td><td>past ttl, the last value is still served this long while the store fails (0 = never)</td></tr>
 *   <tr><td>notFoundTtl</td><td>30 s</td><td>a NOT_FOUND answer is remembered this long</td></tr>
 *   <tr><td>errorBackoff</td><td>1 s doubling to 128 s, with jitter</td><td>after a failed load, the key is not asked again before this</td></tr>
 *   <tr><td>statusTtl</td><td>30 s</td><td>a successful connection test is remembered this long (failures never)</td></tr>
 *   <tr><td>maximumSize</td><td>10,000</td><td>entries per manager</td></tr>
 * </table>
 */
public final class CachePolicy {
    private static final CachePolicy DEFAULTS = builder().build();
    private static final CachePolicy DISABLED = new CachePolicy(false, Duration.ZERO, 0, null, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    private final boolean enabled;
    private final Duration ttl;
    private final long maximumSize;
    private final Duration refreshAhead;   // null = 80 % of ttl
    private final Duration maxStale;
    private final Duration notFoundTtl;
    private final Duration errorBackoffBase;
    private final Duration errorBackoffMax;
    private final Duration statusTtl;

    private CachePolicy(boolean enabled, Duration ttl, long maximumSize, Duration refreshAhead, Duration maxStale,
                        Duration notFoundTtl, Duration errorBackoffBase, Duration errorBackoffMax, Duration statusTtl) {
        this.enabled = enabled;
        this.ttl = ttl;
        this.maximumSize = maximumSize;
        this.refreshAhead = refreshAhead;
        this.maxStale = maxStale;
        this.notFoundTtl = notFoundTtl;
        this.errorBackoffBase = errorBackoffBase;
        this.errorBackoffMax = errorBackoffMax;
        this.statusTtl = statusTtl;
    }

    /** The defaults in the table above. */
    public static CachePolicy defaults() { return DEFAULTS; }

    /** No caching: every resolve asks the store (references are still de-duplicated within one call). */
    public static CachePolicy disabled() { return DISABLED; }

    public static Builder builder() { return new Builder(); }

    /** A builder holding this policy's settings. */
    public Builder toBuilder() {
        if (!enabled) throw new IllegalStateException("a disabled policy has no settings to change; start from CachePolicy.builder()");
        Builder b = new Builder();
        b.ttl = ttl;
        b.maximumSize = maximumSize;
        b.refreshAhead = refreshAhead;
        b.maxStale = maxStale;
        b.notFoundTtl = notFoundTtl;
        b.errorBackoffBase = errorBackoffBase;
        b.errorBackoffMax = errorBackoffMax;
        b.statusTtl = statusTtl;
        return b;
    }

    /** This policy with another ttl (refreshAhead follows it unless it was set explicitly). */
    public CachePolicy withTtl(Duration ttl) {
        Builder b = toBuilder();
        b.ttl = positive("ttl", ttl);
        return b.build();
    }

    public boolean isEnabled() { return enabled; }
    public Duration ttl() { return ttl; }
    public long maximumSize() { return maximumSize; }
    /** Age after which a hit triggers a background reload; equal to ttl when refresh-ahead is off. */
    public Duration refreshAhead() {
        if (!enabled) return Duration.ZERO;
        return refreshAhead != null ? refreshAhead : ttl.multipliedBy(4).dividedBy(5);
    }
    public Duration maxStale() { return maxStale; }
    public Duration notFoundTtl() { return notFoundTtl; }
    public Duration errorBackoffBase() { return errorBackoffBase; }
    public Duration errorBackoffMax() { return errorBackoffMax; }
    public Duration statusTtl() { return statusTtl; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachePolicy p && p.enabled == enabled && p.ttl.equals(ttl) && p.maximumSize == maximumSize
                && Objects.equals(p.refreshAhead, refreshAhead) && p.maxStale.equals(maxStale)
                && p.notFoundTtl.equals(notFoundTtl) && p.errorBackoffBase.equals(errorBackoffBase)
                && p.errorBackoffMax.equals(errorBackoffMax) && p.statusTtl.equals(statusTtl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, ttl, maximumSize, refreshAhead, maxStale, notFoundTtl, statusTtl);
    }

    @Override
    public String toString() {
        if (!enabled) return "CachePolicy[disabled]";
        return "CachePolicy[ttl=" + ttl + ", refreshAhead=" + refreshAhead() + ", maxStale=" + maxStale
                + ", notFoundTtl=" + notFoundTtl + ", errorBackoff=" + errorBackoffBase + ".." + errorBackoffMax
                + ", statusTtl=" + statusTtl + ", maximumSize=" + maximumSize + "]";
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
        return capped(name, d);
    }

    private static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative, was " + d);
        return capped(name, d);
    }

    /** The cap config files get ({@link ProviderConfig#MAX_DURATION}), so no clock arithmetic can overflow later. */
    private static Duration capped(String name, Duration d) {
        if (d.compareTo(ProviderConfig.MAX_DURATION) > 0) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                    "CachePolicy " + name + " must be at most 365 days (ProviderConfig.MAX_DURATION)");
        }
        return d;
    }

    /** Builds a {@link CachePolicy}; each setting may be set once. */
    public static final class Builder {
        private Duration ttl = Duration.ofMinutes(5);
        private long maximumSize = 10_000;
        private Duration refreshAhead;
        private Duration maxStale = Duration.ofHours(1);
        private Duration notFoundTtl = Duration.ofSeconds(30);
        private Duration errorBackoffBase = Duration.ofSeconds(1);
        private Duration errorBackoffMax = Duration.ofSeconds(128);
        private Duration statusTtl = Duration.ofSeconds(30);
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder() { }

        private void once(String name) {
            if (!set.add(name)) throw new IllegalStateException(name + " was already set");
        }

        public Builder ttl(Duration ttl) { once("ttl"); this.ttl = positive("ttl", ttl); return this; }

        public Builder maximumSize(long maximumSize) {
            once("maximumSize");
            if (maximumSize < 1) throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
            this.maximumSize = maximumSize;
            return this;
        }

        /** Reload in the background once a value is older than this; {@code ttl} or more turns it off. */
        public Builder refreshAhead(Duration refreshAhead) {
            once("refreshAhead");
            this.refreshAhead = positive("refreshAhead", refreshAhead);
            return this;
        }

        /** How long past ttl the last value may be served while reloading fails; zero = never. */
        public Builder maxStale(Duration maxStale) { once("maxStale"); this.maxStale = nonNegative("maxStale", maxStale); return this; }

        /** How long a NOT_FOUND answer is remembered; zero = not at all. */
        public Builder notFoundTtl(Duration notFoundTtl) { once("notFoundTtl"); this.notFoundTtl = nonNegative("notFoundTtl", notFoundTtl); return this; }

        /** After a failed load, wait {@code base}, doubling per failure up to {@code max} (with jitter). */
        public Builder errorBackoff(Duration base, Duration max) {
            once("errorBackoff");
            this.errorBackoffBase = nonNegative("errorBackoff base", base);
            this.errorBackoffMax = nonNegative("errorBackoff max", max);
            if (max.compareTo(base) < 0) throw new IllegalArgumentException("errorBackoff max must be >= base");
            return this;
        }

        /** How long a successful connection test is remembered; failures never are. */
        public Builder statusTtl(Duration statusTtl) { once("statusTtl"); this.statusTtl = nonNegative("statusTtl", statusTtl); return this; }

        public CachePolicy build() {
            return new CachePolicy(true, ttl, maximumSize, refreshAhead, maxStale, notFoundTtl, errorBackoffBase,
                    errorBackoffMax, statusTtl);
        }
    }
}
