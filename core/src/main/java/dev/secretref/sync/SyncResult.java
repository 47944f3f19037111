package dev.secretref.sync;

import java.util.Objects;
import java.util.Set;

/**
 * What one sync changed in the snapshot, by secret name. Never a value.
 *
 * @param added names new in the snapshot
 * @param changed names whose value changed
 * @param removed names the store no longer lists
 * @param failed names that could not be fetched (they keep their last value), or, when the whole sync failed,
 *     empty with {@link SecretSync#status()} saying why
 */
public record SyncResult(Set<String> added, Set<String> changed, Set<String> removed, Set<String> failed) {
    public SyncResult {
        added = Set.copyOf(Objects.requireNonNull(added, "added"));
        changed = Set.copyOf(Objects.requireNonNull(changed, "changed"));
        removed = Set.copyOf(Objects.requireNonNull(removed, "removed"));
        failed = Set.copyOf(Objects.requireNonNull(failed, "failed"));
    }

    static final SyncResult NOTHING = new SyncResult(Set.of(), Set.of(), Set.of(), Set.of());

    /** Whether the snapshot's names or values changed. */
    public boolean hasChanges() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }
}
