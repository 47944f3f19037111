package dev.secretref.provider.azure;

import java.time.Duration;

/** Pauses between polls of a long-running operation; tests pass one that does not sleep. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
