package dev.secretref.provider.support;

import java.time.Duration;

/** Waits between retries; injected so tests count pauses instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
