package dev.secretref.provider.composio;

import dev.secretref.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds calls back after Composio answered 429 and the retry budget is spent. Composio's rate budget belongs to
 * the whole organisation (every project and every service using it), so once it says "wait", this provider
 * makes no call until {@code Retry-After} has passed instead of adding to the storm. Thread-safe.
 */
final class RateLimitGate {
    /** How long to hold back when a 429 carried no usable {@code Retry-After}. */
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    /** The longest hold, whatever Composio asks (its windows are one or ten minutes). */
    static final Duration MAX_PAUSE = Duration.ofMinutes(10);

    private final Ticker ticker;
    private volatile long openAt;
    private volatile boolean closed;

    RateLimitGate(Ticker ticker) {
        this.ticker = ticker;
    }

    /** How long calls must still wait, or empty when they may go. */
    Optional<Duration> remaining() {
        if (!closed) return Optional.empty();
        long left = openAt - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /**
     * Composio said to wait {@code retryAfter}: no calls before it has passed. Zero (the window resets now) holds
     * nothing; no usable header holds {@link #DEFAULT_PAUSE}.
     */
    synchronized void throttled(Optional<Duration> retryAfter) {
        Duration pause = retryAfter.filter(d -> !d.isNegative()).orElse(DEFAULT_PAUSE);
        if (pause.isZero()) return;
        if (pause.compareTo(MAX_PAUSE) > 0) pause = MAX_PAUSE;
        long until = ticker.read() + pause.toNanos();
        if (!closed || until - openAt > 0) openAt = until;
        closed = true;
    }

    @Override
    public String toString() {
        return "RateLimitGate[" + remaining().map(d -> "closed for " + d.toMillis() + " ms").orElse("open") + "]";
    }
}
