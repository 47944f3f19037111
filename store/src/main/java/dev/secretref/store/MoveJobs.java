package dev.secretref.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL on {@code move_batch} and {@code move_job}. A job is {@code PENDING} until its credential's pointer
 * switches ({@code MOVED}), then {@code DONE} once the source copy is deleted after the grace period.
 * {@code FAILED} after the retry budget, {@code SUPERSEDED} when a later routing change re-targets its credential.
 * A node works on a job only while it holds the job's lease.
 */
final class MoveJobs {
    static final String PENDING = "PENDING";
    static final String MOVED = "MOVED";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String SUPERSEDED = "SUPERSEDED";

    private final Db db;
    private final String batches;
    private final String jobs;

    MoveJobs(Db db) {
        this.db = db;
        this.batches = db.t("move_batch");
        this.jobs = db.t("move_job");
    }

    /** One unit of work a node claimed. */
    record Job(String id, String batchId, String credentialId, String target, String source, String state, int attempts) { }

    /** A batch's counts. */
    record Counts(int total, int pending, int moved, int failed, int retrying) { }

    /**
     * Creates a batch moving each credential to its target, superseding the credentials' earlier pending jobs.
     * Returns the batch id.
     */
    String createBatch(Connection c, String cause, Map<String, String> targets, long now) throws SQLException {
        String batchId = UUID.randomUUID().toString();
        Db.update(c, "INSERT INTO " + batches + " (id, cause, total, created_at) VALUES (?, ?, ?, ?)",
                batchId, cause.length() > 256 ? cause.substring(0, 256) : cause, targets.size(), now);
        try (PreparedStatement sup = c.prepareStatement("UPDATE " + jobs + " SET state = '" + SUPERSEDED
                + "', updated_at = ? WHERE credential_id = ? AND state = '" + PENDING + "'");
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + jobs + " (id, batch_id, credential_id, target_manager, "
                     + "source_manager, state, attempts, last_error, not_before, lease_owner, lease_until, delete_after, updated_at) "
                     + "VALUES (?, ?, ?, ?, NULL, '" + PENDING + "', 0, NULL, ?, NULL, 0, 0, ?)")) {
            int n = 0;
            for (Map.Entry<String, String> e : targets.entrySet()) {
                Db.bind(sup, now, e.getKey());
                sup.addBatch();
                Db.bind(ins, UUID.randomUUID().toString(), batchId, e.getKey(), e.getValue(), now, now);
                ins.addBatch();
                if (++n % 500 == 0) {
                    sup.executeBatch();
                    ins.executeBatch();
                }
            }
            sup.executeBatch();
            ins.executeBatch();
        }
        return batchId;
    }

    /** Supersedes every pending job (a routing change recomputes them all). */
    int supersedeAllPending(Connection c, long now) throws SQLException {
        return Db.update(c, "UPDATE " + jobs + " SET state = '" + SUPERSEDED + "', updated_at = ? WHERE state = '" + PENDING + "'", now);
    }

    /** Supersedes the pending jobs of one credential. */
    int supersedePending(Connection c, String credentialId, long now) throws SQLException {
        return Db.update(c, "UPDATE " + jobs + " SET state = '" + SUPERSEDED + "', updated_at = ? WHERE credential_id = ? AND state = '"
                + PENDING + "'", now, credentialId);
    }

    /**
     * Cancels the pending source deletions of {@code credentialId} at {@code manager}: its values are about to be
     * written there again. The caller holds the credential's row lock, which every deletion takes first.
     */
    int keepSource(Connection c, String credentialId, String manager, long now) throws SQLException {
        return Db.update(c, "UPDATE " + jobs + " SET state = '" + DONE + "', updated_at = ? WHERE credential_id = ? AND source_manager = ? AND state = '"
                + MOVED + "'", now, credentialId, manager);
    }

    /** Whether the credential has a job still to run (pending, or moved and awaiting its target's confirmation). */
    boolean hasPending(Connection c, String credentialId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + jobs + " WHERE credential_id = ? AND state = '" + PENDING + "'")) {
            ps.setString(1, credentialId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Releases every lease {@code owner} holds (a node closing cleanly), so others need not wait for them to expire. */
    int releaseAll(String owner) {
        return db.update(Db.Kind.WRITE, "release this node's moves", "UPDATE " + jobs + " SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?", owner);
    }

    /** Claims up to {@code limit} due jobs for {@code owner} until {@code leaseUntil}. */
    List<Job> claim(String owner, long now, long leaseUntil, int limit) {
        List<Job> candidates = db.run(Db.Kind.READ, "list due moves", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, batch_id, credential_id, target_manager, source_manager, state, attempts FROM "
                    + jobs + " WHERE ((state = '" + PENDING + "' AND not_before <= ?) OR (state = '" + MOVED
                    + "' AND delete_after <= ? AND not_before <= ?)) AND lease_until < ? ORDER BY not_before LIMIT ?")) {
                Db.bind(ps, now, now, now, now, limit * 2);
                List<Job> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getInt(7)));
                    }
                }
                return out;
            }
        });
        java.util.Collections.shuffle(candidates);   // nodes polling together take different jobs first
        List<Job> claimed = new ArrayList<>();
        for (Job j : candidates) {
            if (claimed.size() >= limit) break;
            int n = db.update(Db.Kind.WRITE, "claim a move", "UPDATE " + jobs + " SET lease_owner = ?, lease_until = ? "
                    + "WHERE id = ? AND state = ? AND lease_until < ?", owner, leaseUntil, j.id(), j.state(), now);
            if (n == 1) claimed.add(j);
        }
        return claimed;
    }

    /** Locks the job's row and tells whether {@code owner} still holds it in {@code state}. */
    boolean stillMine(Connection c, Job job, String owner, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, lease_owner FROM " + jobs + " WHERE id = ? FOR UPDATE")) {
            ps.setString(1, job.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && state.equals(rs.getString(1)) && owner.equals(rs.getString(2));
            }
        }
    }

    void markMoved(Connection c, Job job, String source, long deleteAfter, long now) throws SQLException {
        Db.update(c, "UPDATE " + jobs + " SET state = '" + MOVED + "', source_manager = ?, delete_after = ?, last_error = NULL, "
                + "lease_owner = NULL, lease_until = 0, not_before = 0, attempts = 0, updated_at = ? WHERE id = ?", source, deleteAfter, now, job.id());
    }

    void markDone(Connection c, Job job, long now) throws SQLException {
        Db.update(c, "UPDATE " + jobs + " SET state = '" + DONE + "', lease_owner = NULL, lease_until = 0, updated_at = ? WHERE id = ?", now, job.id());
    }

    /** Records a failed attempt: retry at {@code notBefore}, or {@code finalState} when the budget is spent. */
    void markFailed(Job job, String owner, String error, long notBefore, String finalState, long now) {
        String e = error.length() > 500 ? error.substring(0, 500) : error;
        db.update(Db.Kind.WRITE, "record a failed move", "UPDATE " + jobs + " SET attempts = attempts + 1, last_error = ?, not_before = ?, "
                + "state = ?, lease_owner = NULL, lease_until = 0, updated_at = ? WHERE id = ? AND lease_owner = ?",
                e, notBefore, finalState, now, job.id(), owner);
    }

    /** Lets the job go without recording anything (it was superseded or is another node's now). */
    void release(Job job, String owner) {
        db.update(Db.Kind.WRITE, "release a move", "UPDATE " + jobs + " SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?",
                job.id(), owner);
    }

    Counts counts(String batchId) {
        return db.run(Db.Kind.READ, "count moves", c -> {
            int total = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT total FROM " + batches + " WHERE id = ?")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) total = rs.getInt(1);
                }
            }
            int pending = 0;
            int moved = 0;
            int failed = 0;
            int retrying = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT state, CASE WHEN last_error IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM "
                    + jobs + " WHERE batch_id = ? GROUP BY state, CASE WHEN last_error IS NULL THEN 0 ELSE 1 END")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(1);
                        boolean erred = rs.getInt(2) == 1;
                        int n = rs.getInt(3);
                        switch (state) {
                            case PENDING -> {
                                pending += n;
                                if (erred) retrying += n;
                            }
                            case MOVED, DONE -> moved += n;
                            case FAILED -> failed += n;
                            default -> { }
                        }
                    }
                }
            }
            return new Counts(total, pending, moved, failed, retrying);
        });
    }

    /** Credential id to the last error of each job of the batch that failed or is retrying. */
    Map<String, String> failures(String batchId) {
        return db.run(Db.Kind.READ, "list failed moves", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT credential_id, last_error FROM " + jobs + " WHERE batch_id = ? AND state IN ('"
                    + PENDING + "', '" + FAILED + "') AND last_error IS NOT NULL ORDER BY credential_id")) {
                ps.setString(1, batchId);
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
                return out;
            }
        });
    }

    /** Jobs not finished that involve {@code manager} as source (awaiting deletion) or target. */
    long openJobsInvolving(String manager) {
        return db.run(Db.Kind.READ, "count moves", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + jobs + " WHERE (state = '" + PENDING
                    + "' AND target_manager = ?) OR (state = '" + MOVED + "' AND source_manager = ?)")) {
                Db.bind(ps, manager, manager);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
