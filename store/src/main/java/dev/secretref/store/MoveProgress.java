package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one routing change ({@link CredentialStore#setRouting}, {@link CredentialStore#removeManager},
 * {@link CredentialStore#assign}): how many credentials it moves, how many have moved, how many failed (with
 * their reasons, never values), and a future done when every one points at its target. Counts are read from the
 * database, so they include the work of every node. Deleting the old copies after the grace period is not part
 * of it.
 */
public final class MoveProgress {
    private final String id;
    private final int total;
    private final MoveJobs jobs;
    private final CompletableFuture<MoveProgress> completion = new CompletableFuture<>();

    MoveProgress(String id, int total, MoveJobs jobs) {
        this.id = id;
        this.total = total;
        this.jobs = jobs;
        if (total == 0) completion.complete(this);
    }

    /** The batch id, as in the {@code move_batch} table. */
    public String id() { return id; }

    /** Credentials this change moves. */
    public int total() { return total; }

    /** Credentials that point at their target now. */
    public int moved() { return jobs.counts(id).moved(); }

    /** Credentials whose move failed: retrying after a failure, or given up after the retry budget. */
    public int failed() {
        MoveJobs.Counts c = jobs.counts(id);
        return c.failed() + c.retrying();
    }

    /** Credential id to the reason its move last failed (code, reason and message; never a value). */
    public Map<String, String> failures() { return jobs.failures(id); }

    /**
     * Completes with this progress when every credential of the change points at its target; completes
     * exceptionally ({@code SECRET_MANAGER_WRITE_FAILED}) when some moves gave up after the retry budget (those
     * credentials stay readable where they were), or ({@code VALIDATION / CLOSED}) when the store closes first.
     * A move superseded by a later routing change counts as finished here.
     */
    public CompletableFuture<MoveProgress> completion() { return completion.copy(); }

    /** Completes the future when nothing is pending; returns whether it is complete. */
    boolean check() {
        if (completion.isDone()) return true;
        MoveJobs.Counts c = jobs.counts(id);
        if (c.pending() > 0) return false;
        if (c.failed() > 0) {
            completion.completeExceptionally(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message(c.failed() + " of " + total + " credentials could not be moved and stay where they were; "
                            + "MoveProgress.failures() names them and why").build());
        } else {
            completion.complete(this);
        }
        return true;
    }

    void closed() {
        completion.completeExceptionally(SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED)
                .message("The credential store was closed before the moves finished; they resume when a store starts on "
                        + "the same database").build());
    }

    @Override
    public String toString() {
        return "MoveProgress[" + id + ", total=" + total + (completion.isDone() ? ", done" : "") + "]";
    }
}
