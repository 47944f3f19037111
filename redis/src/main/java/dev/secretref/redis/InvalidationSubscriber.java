package dev.secretref.redis;

import dev.secretref.spi.SharedCache.Invalidation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Listens for other nodes' invalidations on one daemon thread, reconnecting with capped backoff. After a
 * reconnect it calls {@code onReconnect}: invalidations published while it was away were missed.
 */
final class InvalidationSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationSubscriber.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final RedisEndpoint endpoint;
    private final String channel;
    private final String nodeId;
    private final Consumer<Invalidation> deliver;
    private final Runnable onReconnect;
    private final Thread thread;
    private final AtomicBoolean connected = new AtomicBoolean();
    private volatile boolean closed;
    private volatile JedisPubSub current;
    private volatile Jedis connection;

    InvalidationSubscriber(RedisEndpoint endpoint, String channel, String nodeId, Consumer<Invalidation> deliver, Runnable onReconnect) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.nodeId = nodeId;
        this.deliver = deliver;
        this.onReconnect = onReconnect;
        this.thread = new Thread(this::run, "secretref-redis-invalidations");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean connected() {
        return connected.get();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean everConnected = false;
        boolean warned = false;
        while (!closed) {
            try (Jedis jedis = endpoint.single(Duration.ofSeconds(2))) {
                connection = jedis;
                boolean reconnect = everConnected;
                JedisPubSub pubsub = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String ch, int count) {
                        connected.set(true);
                        if (reconnect) onReconnect.run();
                    }

                    @Override
                    public void onMessage(String ch, String message) {
                        InvalidationMessage.decode(message, nodeId).ifPresent(deliver);
                    }
                };
                current = pubsub;
                if (closed) break;
                everConnected = true;
                jedis.subscribe(pubsub, channel);      // blocks until unsubscribed or the connection drops
                backoff = FIRST_BACKOFF;
            } catch (RuntimeException e) {
                if (closed) break;
                if (!warned || connected.get()) {
                    LOG.warn("Redis invalidation subscriber at {} disconnected ({}); reconnecting", endpoint, e.getClass().getSimpleName());
                    warned = true;
                }
            } finally {
                connected.set(false);
                connection = null;
            }
            if (closed) break;
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    void close() {
        closed = true;
        JedisPubSub pubsub = current;
        try {
            if (pubsub != null && pubsub.isSubscribed()) pubsub.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is going away anyway
        }
        Jedis c = connection;
        if (c != null) {
            try {
                c.disconnect();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
