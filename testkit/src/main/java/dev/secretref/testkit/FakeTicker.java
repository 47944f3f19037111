package dev.secretref.testkit;

import dev.secretref.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when a test says so. Thread-safe. */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos;

    /** Starts at one second (not zero, so "never" and "now" differ). */
    public FakeTicker() {
        this(1_000_000_000L);
    }

    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long read() { return nanos.get(); }

    /** Moves time forward by {@code d}. */
    public FakeTicker advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time does not go back");
        nanos.addAndGet(d.toNanos());
        return this;
    }

    @Override
    public String toString() { return "FakeTicker[" + nanos.get() + "ns]"; }
}
