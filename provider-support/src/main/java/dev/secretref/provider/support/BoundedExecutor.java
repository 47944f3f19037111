package dev.secretref.provider.support;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks on a borrowed executor (the context's) with at most {@code limit} at a time, so a provider can
 * honour its own concurrency setting without making threads. Tasks wait in order. After {@link #close()} new
 * tasks are rejected; queued ones still run.
 */
public final class BoundedExecutor implements Executor {
    private final Executor delegate;
    private final int limit;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private int running;
    private boolean closed;

    public BoundedExecutor(Executor delegate, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (closed) throw new RejectedExecutionException("closed");
            queue.add(task);
            if (running >= limit) return;
            running++;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running--;
                queue.remove(task);
            }
            throw e;
        }
    }

    private void drain() {
        for (;;) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running--;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // tasks report their own failures (CompletableFuture); keep draining
            }
        }
    }

    /** Rejects new tasks from now on. Idempotent. */
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() { return "BoundedExecutor[limit=" + limit + "]"; }
}
