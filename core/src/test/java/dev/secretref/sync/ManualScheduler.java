package dev.secretref.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler and wall clock that move only when the test says: due tasks run on the test's thread. */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Task<?>> tasks = new ArrayList<>();

    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    /** Moves time on by {@code d}, running every task that falls due, in order. */
    void advance(Duration d) {
        Instant end = now.plus(d);
        while (true) {
            Task<?> next = tasks.stream().filter(t -> !t.isDone() && !t.at.isAfter(end))
                    .min(Comparator.comparing(t -> t.at)).orElse(null);
            if (next == null) break;
            tasks.remove(next);
            now = next.at;
            next.run();
        }
        now = end;
        tasks.removeIf(FutureTask::isDone);
    }

    /** Delays of the tasks still pending, from now. */
    List<Duration> pendingDelays() {
        return tasks.stream().filter(t -> !t.isDone()).map(t -> Duration.between(now, t.at)).toList();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task<Void> t = new Task<>(() -> { command.run(); return null; }, now.plusNanos(unit.toNanos(delay)));
        tasks.add(t);
        return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Task<V> t = new Task<>(callable, now.plusNanos(unit.toNanos(delay)));
        tasks.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by SecretSync");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by SecretSync");
    }

    @Override public void shutdown() { tasks.clear(); }
    @Override public List<Runnable> shutdownNow() { tasks.clear(); return List.of(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    @Override public void execute(Runnable command) { command.run(); }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final Instant at;

        Task(Callable<V> c, Instant at) {
            super(c);
            this.at = at;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(now, at));
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
