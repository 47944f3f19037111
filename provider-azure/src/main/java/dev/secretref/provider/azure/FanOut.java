package dev.secretref.provider.azure;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a task per item with at most {@code parallelism} at once: the calling thread works through the items
 * and up to {@code parallelism - 1} helpers on the executor claim items too. An item is claimed once, so a busy
 * or bounded executor only means the caller does more of the work itself: no deadlock, no lost item.
 */
final class FanOut {
    private FanOut() { }

    static <T> void run(List<T> items, int parallelism, Executor executor, Consumer<T> task) {
        int n = items.size();
        if (n == 0) return;
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                try {
                    task.accept(items.get(i));
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(parallelism, n) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break;   // the caller and the helpers already running take the rest
            }
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel reads", e);
        }
    }
}
