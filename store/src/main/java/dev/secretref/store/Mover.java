package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's share of the move jobs. Each move holds its credential's row lock from start to pointer
 * switch, so it is serialised with {@code update}, {@code delete} and source deletions of that credential:
 * read the source, write the target, read the target back and compare, switch the pointer (compare-and-set on
 * the revision) and mark the job moved, in one transaction. The source copy is deleted in a later step, after
 * the grace period. A failure rolls everything back (the credential stays readable where it was) and retries
 * with backoff.
 */
final class Mover {
    private static final Logger LOG = LoggerFactory.getLogger(Mover.class);

    /** Test seam: called at named steps of a move; throwing there simulates a crash at that step. */
    interface StepHook {
        void at(String step, String credentialId);
    }

    private final Db db;
    private final CredentialTable credentials;
    private final MoveJobs jobs;
    private final Values values;
    private final PointerCache pointers;
    private final Clock clock;
    private final String nodeId;
    private final Duration lease;
    private final Duration grace;
    private final Duration backoff;
    private final int attempts;
    private final int concurrency;
    private final ExecutorService workers;
    private final StepHook hook;
    private final ReentrantLock running = new ReentrantLock();

    Mover(Db db, CredentialTable credentials, MoveJobs jobs, Values values, PointerCache pointers, Clock clock, String nodeId,
          Duration lease, Duration grace, Duration backoff, int attempts, int concurrency, ExecutorService workers, StepHook hook) {
        this.db = db;
        this.credentials = credentials;
        this.jobs = jobs;
        this.values = values;
        this.pointers = pointers;
        this.clock = clock;
        this.nodeId = nodeId;
        this.lease = lease;
        this.grace = grace;
        this.backoff = backoff;
        this.attempts = attempts;
        this.concurrency = concurrency;
        this.workers = workers;
        this.hook = hook;
    }

    /**
     * Claims and runs due jobs until none is left; returns how many steps ran. One run at a time per node: when
     * another is under way, returns at once, or with {@code wait} waits for it and then runs.
     */
    int drain(boolean wait) {
        if (wait) running.lock();
        else if (!running.tryLock()) return 0;
        try {
            int steps = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = clock.millis();
                List<MoveJobs.Job> claimed = jobs.claim(nodeId, now, now + lease.toMillis(), concurrency * 4);
                if (claimed.isEmpty()) return steps;
                List<Future<?>> running = new ArrayList<>();
                for (MoveJobs.Job j : claimed) running.add(workers.submit(() -> step(j)));
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return steps;
                    } catch (java.util.concurrent.ExecutionException e) {
                        LOG.warn("A credential move step failed unexpectedly: {}", e.getCause().toString());
                    }
                }
                steps += claimed.size();
            }
            return steps;
        } finally {
            running.unlock();
        }
    }

    private void step(MoveJobs.Job job) {
        try {
            if (MoveJobs.PENDING.equals(job.state())) move(job);
            else deleteSource(job);
        } catch (SecretManagerException e) {
            failed(job, e);
        } catch (RuntimeException e) {
            failed(job, SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message(e.getClass().getName()).build());
        }
    }

    private void failed(MoveJobs.Job job, SecretManagerException e) {
        long now = clock.millis();
        int n = job.attempts() + 1;
        long delay = Math.min(backoff.toMillis() << Math.min(n - 1, 20), Duration.ofMinutes(5).toMillis());
        delay += ThreadLocalRandom.current().nextLong(delay / 4 + 1);
        boolean giveUp = n >= attempts;
        String reason = e.code() + "/" + e.reason() + ": " + e.getMessage();
        String finalState = MoveJobs.PENDING.equals(job.state()) ? (giveUp ? MoveJobs.FAILED : MoveJobs.PENDING)
                : (giveUp ? MoveJobs.DONE : MoveJobs.MOVED);
        if (MoveJobs.PENDING.equals(job.state())) {
            LOG.warn("Moving credential '{}' to manager '{}' failed (attempt {} of {}{}): {}", job.credentialId(), job.target(), n,
                    attempts, giveUp ? ", giving up" : "", reason);
        } else {
            LOG.warn("Deleting the old copy of credential '{}' from manager '{}' failed (attempt {} of {}{}): {}", job.credentialId(),
                    job.source(), n, attempts, giveUp ? ", leaving it there" : "", reason);
        }
        try {
            jobs.markFailed(job, nodeId, reason, now + delay, finalState, now);
        } catch (SecretManagerException dbDown) {
            LOG.warn("Could not record the failure ({}); the job's lease will expire and it will run again", dbDown.getMessage());
        }
    }

    /** The move proper: one transaction holding the credential's row lock. */
    private void move(MoveJobs.Job job) {
        String id = job.credentialId();
        String target = job.target();
        Optional<Pointer> switched = db.tx(Db.Kind.WRITE, "move a credential", c -> {
            Optional<Pointer> current = credentials.load(c, id, true);
            if (!jobs.stillMine(c, job, nodeId, MoveJobs.PENDING)) return Optional.<Pointer>empty();
            long now = clock.millis();
            if (current.isEmpty() || current.get().manager.equals(target)) {
                jobs.markDone(c, job, now);   // deleted meanwhile, or already there
                return Optional.<Pointer>empty();
            }
            Pointer p = current.get();
            SecretWriter writer = values.writer(target);
            jobs.keepSource(c, id, target, now);
            Map<String, String> fields = values.readFresh(p.manager, p.paths);
            hook.at("read", id);
            Map<String, String> paths;
            try {
                paths = writer.write(id, fields);
                hook.at("written", id);
                Map<String, String> back = values.readFresh(target, paths);
                if (!back.equals(fields)) {
                    throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR).manager(target)
                            .message("Manager '" + target + "' returned other values than were written for credential '" + id
                                    + "' (fields " + fields.keySet() + "); the credential stays on '" + p.manager + "'").build();
                }
                hook.at("verified", id);
                if (!credentials.switchPointer(c, id, p.revision, target, paths, now)) {
                    throw new IllegalStateException("revision of " + id + " changed under its row lock");
                }
                jobs.markMoved(c, job, p.manager, now + grace.toMillis(), now);
                hook.at("switched", id);
            } catch (RuntimeException e) {
                discardCopy(writer, id, target);
                throw e;
            }
            return Optional.of(p.moved(target, paths, now));
        });
        if (switched.isPresent()) {
            pointers.put(switched.get());
            LOG.debug("Moved credential '{}' to manager '{}'", id, target);
        } else {
            jobs.release(job, nodeId);
        }
    }

    /** A failed move leaves no copy behind: the target is not the credential's home, and we hold its row lock. */
    private static void discardCopy(SecretWriter writer, String id, String target) {
        try {
            writer.delete(id);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the partial copy of credential '{}' from '{}': {}", id, target, e.toString());
        }
    }

    /** After the grace period: delete the source copy, unless the credential has come back to it. */
    private void deleteSource(MoveJobs.Job job) {
        String id = job.credentialId();
        boolean ran = db.tx(Db.Kind.WRITE, "delete a moved credential's old copy", c -> {
            Optional<Pointer> current = credentials.load(c, id, true);
            if (!jobs.stillMine(c, job, nodeId, MoveJobs.MOVED)) return false;
            if (current.isEmpty() || !current.get().manager.equals(job.source())) {
                if (values.hasManager(job.source())) {
                    values.writer(job.source()).delete(id);
                } else {
                    LOG.warn("Manager '{}' is gone; the old copy of credential '{}' cannot be deleted there", job.source(), id);
                }
            }
            hook.at("source-deleted", id);
            jobs.markDone(c, job, clock.millis());
            return true;
        });
        if (!ran) jobs.release(job, nodeId);
    }
}
