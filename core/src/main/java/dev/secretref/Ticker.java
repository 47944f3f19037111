package dev.secretref;

/** A source of nanoseconds for cache ages; injected so tests advance time instead of sleeping. */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin, monotonic. */
    long read();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
