package dev.secretref.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs one script for many callers in pipelined batches: a caller queues its arguments; whoever finds no batch
 * in flight sends everything queued in one round trip, and the others wait for it (at most the timeout). A node
 * that just fetched a hundred secrets puts them with one round trip instead of a hundred connections.
 */
final class GroupCommit {
    private static final int MAX_BATCH = 512;

    private final RedisClient redis;
    private final String script;
    private final Duration timeout;
    private final Runnable onSuccess;
    private final Consumer<RuntimeException> onFailure;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();

    GroupCommit(RedisClient redis, String script, Duration timeout, Runnable onSuccess, Consumer<RuntimeException> onFailure) {
        this.redis = redis;
        this.script = script;
        this.timeout = timeout;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    private record Pending(List<String> keys, List<String> args, CompletableFuture<Void> done) { }

    /** Runs the script with these arguments, batched with whatever else is queued; returns when sent or timed out. */
    void put(List<String> keys, List<String> args) {
        Pending p = new Pending(keys, args, new CompletableFuture<>());
        queue.add(p);
        long deadline = System.nanoTime() + timeout.toNanos() * 2;
        while (!p.done.isDone() && System.nanoTime() < deadline) {
            if (sending.tryLock()) {
                try {
                    sendQueued();
                } finally {
                    sending.unlock();
                }
            } else {
                try {
                    p.done.get(1, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException ignored) {
                    // not yet: try to send it ourselves
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void sendQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
        if (batch.isEmpty()) return;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Pending p : batch) pipeline.eval(script, p.keys, p.args);
            pipeline.sync();
            onSuccess.run();
        } catch (JedisException | IllegalStateException e) {
            onFailure.accept(e);    // a cache write lost: the next miss fetches again
        } finally {
            for (Pending p : batch) p.done.complete(null);
        }
    }
}
