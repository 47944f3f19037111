package dev.secretref.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link SecretSync} stands. Never a value.
 *
 * @param lastSync when the last successful sync finished
 * @param lastError why the last sync failed (reason and manager), empty once a sync succeeds
 * @param nextSync when the next automatic sync is due, empty when auto-sync is off
 * @param count how many secrets the snapshot holds
 */
public record SyncStatus(Optional<Instant> lastSync, Optional<String> lastError, Optional<Instant> nextSync, int count) {
    public SyncStatus {
        Objects.requireNonNull(lastSync, "lastSync");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(nextSync, "nextSync");
    }
}
