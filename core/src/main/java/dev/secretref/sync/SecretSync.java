package dev.secretref.sync;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A space's secrets as a live, read-only map: the secrets under one or more sources (a manager and a path
 * prefix), fetched through the resolver (so its scopes, allow-lists and cache apply) and swapped in as one
 * immutable snapshot. Syncs on {@link #syncNow()}, on {@link #saved()} when sync-on-save is on, and every
 * {@link SyncInterval} when auto-sync is on. Only the sources' secrets are ever listed or fetched.
 *
 * <pre>{@code
 * SecretSync sync = SecretSync.builder(resolver)
 *     .source("vault", "secret/data/spaces/a/")
 *     .autoSync(SyncInterval.EVERY_30_MINUTES)
 *     .listener(changes -> log.info("secrets changed: {}", changes))
 *     .build();
 * sync.syncNow();
 * Map<String, String> secrets = sync.secrets();
 * }</pre>
 *
 * <p>A failed sync keeps the last good snapshot and records why in {@link #status()}; a secret that could
 * not be fetched keeps its last value and is named in {@link SyncResult#failed()}. Thread-safe; readers never
 * block and never see a half-built snapshot.
 */
public final class SecretSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecretSync.class);
    /** Auto-sync waits its interval plus up to this share of it (capped), so nodes do not poll in step. */
    private static final double JITTER_SHARE = 0.05;
    private static final Duration MAX_JITTER = Duration.ofMinutes(5);

    private final SnapshotFetcher fetcher;
    private final boolean syncOnSave;
    private final Consumer<SyncResult> listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ReentrantLock lock = new ReentrantLock();   // one sync or reschedule at a time

    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Instant lastSync;
    private volatile String lastError;
    private volatile Instant nextSync;
    private volatile boolean closed;
    private SyncInterval interval;
    private ScheduledFuture<?> pending;

    private SecretSync(Builder b) {
        this.fetcher = new SnapshotFetcher(b.resolver, List.copyOf(b.sources), b.context);
        this.syncOnSave = b.syncOnSave;
        this.listener = b.listener;
        this.clock = b.clock;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? daemonScheduler() : b.scheduler;
        this.interval = b.interval;
    }

    /** A builder syncing through {@code resolver}. */
    public static Builder builder(SecretResolver resolver) {
        return new Builder(resolver);
    }

    /**
     * Lists the sources, fetches their secrets in as few calls as the stores allow, and swaps in the new
     * snapshot. Does not throw for a store failure: the last good snapshot stays, and {@link #status()} says
     * why.
     *
     * @throws SecretManagerException {@code VALIDATION / CLOSED} when this sync or its resolver is closed
     */
    public SyncResult syncNow() {
        lock.lock();
        try {
            ensureOpen();
            Instant now = clock.instant();
            Snapshot before = snapshot;
            SnapshotFetcher.Outcome outcome = fetcher.fetch(before, now);
            if (outcome.error().isPresent()) {
                lastError = outcome.error().get();
                LOG.warn("Secret sync failed, keeping the last snapshot ({} secrets): {}", before.size(), lastError);
                return SyncResult.NOTHING;
            }
            Snapshot after = outcome.snapshot();
            SyncResult result = before.diff(after, outcome.failed());
            snapshot = after;
            lastSync = now;
            lastError = outcome.failed().isEmpty() ? null : outcome.failureSummary();
            if (result.hasChanges()) notifyListener(result);
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Call after the user saved the space's secrets: syncs when sync-on-save is on, else does nothing. */
    public Optional<SyncResult> saved() {
        return syncOnSave ? Optional.of(syncNow()) : Optional.empty();
    }

    /** The snapshot: secret name (the last path segment) to value. Immutable; empty before the first sync. */
    public Map<String, String> secrets() {
        return snapshot.values();
    }

    /**
     * The snapshot's secrets whose name contains {@code text} (case-insensitive; empty text = all), sorted by
     * name, each with a fixed mask instead of its value.
     */
    public List<MaskedSecret> search(String text) {
        String needle = Objects.requireNonNull(text, "text").toLowerCase(Locale.ROOT);
        List<MaskedSecret> out = new ArrayList<>();
        for (Snapshot.Entry e : snapshot.entries().values()) {
            if (e.name().toLowerCase(Locale.ROOT).contains(needle)) {
                out.add(new MaskedSecret(e.name(), MaskedSecret.MASK, e.updatedAt()));
            }
        }
        out.sort(Comparator.comparing(MaskedSecret::name));
        return List.copyOf(out);
    }

    /** When it last synced, the last error, when it syncs next, and how many secrets it holds. */
    public SyncStatus status() {
        return new SyncStatus(Optional.ofNullable(lastSync), Optional.ofNullable(lastError),
                Optional.ofNullable(nextSync), snapshot.size());
    }

    /** The auto-sync interval in force. */
    public SyncInterval autoSync() {
        lock.lock();
        try {
            return interval;
        } finally {
            lock.unlock();
        }
    }

    /** Changes the auto-sync interval: the next sync is rescheduled from now; {@code OFF} stops auto-sync. */
    public void autoSync(SyncInterval newInterval) {
        Objects.requireNonNull(newInterval, "interval");
        lock.lock();
        try {
            ensureOpen();
            interval = newInterval;
            reschedule();
        } finally {
            lock.unlock();
        }
    }

    /** Stops auto-sync. The snapshot stays readable. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (pending != null) pending.cancel(false);
            pending = null;
            nextSync = null;
        } finally {
            lock.unlock();
        }
        if (ownsScheduler) scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "SecretSync[sources=" + fetcher.describeSources() + ", interval=" + interval + ", count=" + snapshot.size()
                + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------ scheduling

    private void start() {
        lock.lock();
        try {
            reschedule();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: cancels the pending tick and schedules the next one for the current interval. */
    private void reschedule() {
        if (pending != null) pending.cancel(false);
        pending = null;
        Optional<Duration> period = interval.period();
        if (period.isEmpty() || closed) {
            nextSync = null;
            return;
        }
        Duration delay = period.get().plus(jitter(period.get()));
        nextSync = clock.instant().plus(delay);
        SyncInterval scheduledFor = interval;
        pending = scheduler.schedule(() -> tick(scheduledFor), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(SyncInterval scheduledFor) {
        try {
            syncNow();
        } catch (RuntimeException e) {
            LOG.warn("Scheduled secret sync failed: {}", describe(e));
        } finally {
            lock.lock();
            try {
                if (!closed && interval == scheduledFor) reschedule();
            } finally {
                lock.unlock();
            }
        }
    }

    private static Duration jitter(Duration period) {
        long max = Math.min((long) (period.toMillis() * JITTER_SHARE), MAX_JITTER.toMillis());
        return Duration.ofMillis(max <= 0 ? 0 : ThreadLocalRandom.current().nextLong(max + 1));
    }

    private void notifyListener(SyncResult result) {
        if (listener == null) return;
        try {
            listener.accept(result);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
            LOG.warn("A secret sync listener threw {}; the sync itself succeeded", e.getClass().getName());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED).message("This SecretSync is closed").build();
        }
    }

    static String describe(RuntimeException e) {
        if (e instanceof SecretManagerException sme) {
            return sme.code() + "/" + sme.reason() + (sme.manager() != null ? " from manager '" + sme.manager() + "'" : "")
                    + ": " + sme.getMessage();
        }
        return e.getClass().getName();
    }

    private static ScheduledExecutorService daemonScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "secretref-sync");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Builds a {@link SecretSync}; {@link #build()} checks the sources but does not sync. */
    public static final class Builder {
        private final SecretResolver resolver;
        private final List<Source> sources = new ArrayList<>();
        private SyncInterval interval = SyncInterval.OFF;
        private boolean syncOnSave;
        private Consumer<SyncResult> listener;
        private ResolutionContext context = ResolutionContext.none();
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();

        private Builder(SecretResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /** Adds the secrets of {@code manager} whose path starts with {@code prefix} ("" = all it lists). */
        public Builder source(String manager, String prefix) {
            sources.add(new Source(Objects.requireNonNull(manager, "manager").strip(), Objects.requireNonNull(prefix, "prefix")));
            return this;
        }

        /** How often to sync on its own; default {@link SyncInterval#OFF}. */
        public Builder autoSync(SyncInterval interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Whether {@link SecretSync#saved()} syncs; default false. */
        public Builder syncOnSave(boolean on) {
            this.syncOnSave = on;
            return this;
        }

        /** Called after a sync that changed something, with the names (never values). May be set once. */
        public Builder listener(Consumer<SyncResult> listener) {
            if (this.listener != null) throw new IllegalStateException("listener was already set");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The project the sync reads for: the managers' scopes apply. Default: platform-wide managers only. */
        public Builder context(ResolutionContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Runs auto-sync on this scheduler (not shut down by {@link SecretSync#close()}); default: one daemon thread. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The wall clock for {@link SyncStatus} times and {@link MaskedSecret#updatedAt()}; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks every source against the resolver (the manager exists, the context may use it, the prefix is
         * inside its allow-list) and starts auto-sync when on. Does not sync.
         *
         * @throws SecretManagerException {@code VALIDATION} ({@code UNKNOWN_MANAGER}, {@code SCOPE_DENIED},
         *     {@code INVALID_CONFIG} for no source or a duplicate source)
         */
        public SecretSync build() {
            if (sources.isEmpty()) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "A SecretSync needs at least one source: builder.source(manager, prefix)");
            }
            if (sources.stream().distinct().count() != sources.size()) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "A SecretSync source was added twice");
            }
            for (Source s : sources) s.check(resolver, context);
            SecretSync sync = new SecretSync(this);
            sync.start();
            return sync;
        }
    }
}
