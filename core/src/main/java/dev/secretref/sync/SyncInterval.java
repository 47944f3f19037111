package dev.secretref.sync;

import java.time.Duration;
import java.util.Optional;

/** How often a {@link SecretSync} polls its sources on its own. */
public enum SyncInterval {
    OFF(null),
    EVERY_MINUTE(Duration.ofMinutes(1)),
    EVERY_30_MINUTES(Duration.ofMinutes(30)),
    EVERY_60_MINUTES(Duration.ofMinutes(60)),
    EVERY_12_HOURS(Duration.ofHours(12)),
    EVERY_24_HOURS(Duration.ofHours(24));

    private final Duration period;

    SyncInterval(Duration period) {
        this.period = period;
    }

    /** The time between syncs; empty for {@link #OFF}. */
    public Optional<Duration> period() {
        return Optional.ofNullable(period);
    }
}
