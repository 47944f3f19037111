package dev.secretref;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clock and threads one resolver owns: its ticker (the shared coarse clock unless the user gave one),
 * its executor (virtual threads, or daemon threads, unless the user gave one), and a one-thread daemon
 * scheduler started on first use for the providers' timed work. {@link #close()} releases exactly what this
 * runtime started; a user's executor and ticker are left alone.
 */
final class ResolverRuntime implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    final Ticker ticker;
    final Executor executor;
    private final CoarseTicker coarseClock;         // null when the user gave a ticker
    private final ExecutorService ownedExecutor;    // null when the user gave an executor
    private ScheduledExecutorService scheduler;     // guarded by this; started on first use
    private boolean closed;                         // guarded by this

    private ResolverRuntime(Ticker ticker, CoarseTicker coarseClock, Executor executor, ExecutorService ownedExecutor) {
        this.ticker = ticker;
        this.coarseClock = coarseClock;
        this.executor = executor;
        this.ownedExecutor = ownedExecutor;
    }

    /** Starts a runtime; {@code ticker} and {@code executor} are the user's, or null for the defaults. */
    static ResolverRuntime start(Ticker ticker, Executor executor) {
        CoarseTicker coarse = ticker == null ? CoarseTicker.acquire() : null;
        try {
            ExecutorService owned = executor == null ? defaultExecutor() : null;
            return new ResolverRuntime(ticker != null ? ticker : coarse, coarse, executor != null ? executor : owned, owned);
        } catch (RuntimeException | Error e) {
            if (coarse != null) coarse.release();
            throw e;
        }
    }

    /** The shared scheduler, started on first use. Never shut down by providers. */
    synchronized ScheduledExecutorService scheduler() {
        if (closed) throw new IllegalStateException("the resolver is closed");
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("secretref-scheduler-"));
            s.setRemoveOnCancelPolicy(true);
            s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduler = s;
        }
        return scheduler;
    }

    /** Stops what this runtime started. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            if (closed) return;
            closed = true;
            s = scheduler;
        }
        if (s != null) s.shutdownNow();
        if (ownedExecutor != null) ownedExecutor.shutdownNow();
        if (coarseClock != null) coarseClock.release();
    }

    /** Virtual threads on a Java 21+ runtime, else a cached pool of daemon threads. */
    private static ExecutorService defaultExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            return Executors.newCachedThreadPool(daemon("secretref-"));
        }
    }

    private static ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
