package dev.secretref;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@link System#nanoTime()} read by one shared daemon thread every {@value #TICK_MILLIS} ms and
 * published in a volatile field, so a cache hit costs a field read instead of a clock call (about
 * 25 ns, as much as the whole lookup). Cache ages are minutes; being up to 10 ms late does not matter.
 * The thread runs only while at least one resolver that uses the system clock is open.
 */
final class CoarseTicker implements Ticker {
    static final int TICK_MILLIS = 10;
    private static final CoarseTicker INSTANCE = new CoarseTicker(System::nanoTime);

    private final LongSupplier source;
    private volatile long now;
    private int users;                 // guarded by this
    private Thread thread;             // guarded by this

    /** A clock over {@code source}; only the shared instance runs a thread (tests drive others with {@link #tick()}). */
    CoarseTicker(LongSupplier source) {
        this.source = source;
        this.now = source.getAsLong();
    }

    /** Starts the shared clock for one more user; pair with {@link #release()}. */
    static CoarseTicker acquire() {
        INSTANCE.start();
        return INSTANCE;
    }

    @Override
    public long read() {
        return now;
    }

    /** Publishes the source's current time: what the clock thread does every tick. */
    void tick() {
        now = source.getAsLong();
    }

    private synchronized void start() {
        if (users++ > 0) return;
        tick();
        Thread t = new Thread(this::run, "secretref-clock");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** How many resolvers use the clock now (for tests). */
    static int users() {
        synchronized (INSTANCE) {
            return INSTANCE.users;
        }
    }

    /** The shared clock's thread while it runs (for tests). */
    static Thread thread() {
        synchronized (INSTANCE) {
            return INSTANCE.thread;
        }
    }

    /** One user less; the thread stops with the last. */
    synchronized void release() {
        if (users == 0 || --users > 0) return;
        thread.interrupt();
        thread = null;
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (!self.isInterrupted()) {
            tick();
            LockSupport.parkNanos(TICK_MILLIS * 1_000_000L);
        }
    }
}
