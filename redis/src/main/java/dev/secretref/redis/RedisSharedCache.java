package dev.secretref.redis;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.SharedCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link SharedCache} on Redis, for many nodes of one application: values AEAD-encrypted with a {@link KeyRing}
 * (associated data = manager and path, so a value copied to another key does not decrypt) under
 * {@code secretref:<manager>:<generation>:<sha256(path)>} (no path in clear), with the manager's TTL.
 * Invalidating a manager increments its generation (one command, every old entry becomes unreachable and
 * expires); invalidating a path leaves a short tombstone so a node that fetched the old value just before
 * cannot put it back. Each invalidation is published on one channel; every other node's subscriber hands it to
 * its resolver.
 *
 * <p>Redis down or slow never fails a resolve: every call is under a short timeout (default 50 ms) and a
 * failure is a miss, logged once per outage. The subscriber reconnects with backoff and, once back, tells its
 * listeners to drop every manager it had seen, since invalidations published meanwhile were missed.
 *
 * <pre>{@code
 * SharedCache shared = RedisSharedCache.builder().uri("rediss://app:pw@redis:6379").keys(KeyRing.fromEnv("SECRETREF_KEYS")).build();
 * SecretResolver resolver = SecretResolver.builder().sharedCache(shared)...build();
 * }</pre>
 */
public final class RedisSharedCache implements SharedCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedCache.class);

    /** How long a path tombstone blocks puts of a value fetched before the invalidation. */
    static final Duration TOMBSTONE_TTL = Duration.ofSeconds(5);
    private static final String TOMBSTONE = "";

    // KEYS[1] = generation key; ARGV[1] = "secretref:<manager>:", ARGV[2] = sha256(path)
    private static final String GET = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "return {g, redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2])}";
    // ARGV[3] = sealed value, ARGV[4] = ttl ms, ARGV[5] = generation seen before the fetch ('' = current)
    private static final String PUT = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "if ARGV[5] ~= '' and ARGV[5] ~= g then return 0 end "
            + "if redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4], 'NX') then return 1 end return 0";
    // ARGV[3] = tombstone ttl ms
    private static final String TOMB = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], '', 'PX', ARGV[3]) return 1";

    private final RedisEndpoint endpoint;
    private final KeyRing keys;
    private final String channel;
    private final RedisClient redis;
    private final String nodeId = UUID.randomUUID().toString();
    private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> managersSeen = ConcurrentHashMap.newKeySet();
    /** Generation each (manager, path) was missed at, so the put after the fetch lands only in that generation. */
    private final ConcurrentHashMap<String, String> missedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final InvalidationSubscriber subscriber;
    private volatile boolean closed;

    private RedisSharedCache(Builder b) {
        this.endpoint = b.endpoint;
        this.keys = b.keys;
        this.channel = b.channel;
        this.redis = endpoint.pooled(b.timeout);
        this.subscriber = new InvalidationSubscriber(endpoint, channel, nodeId, this::deliver, this::reconnected);
        subscriber.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> get(String manager, String path) {
        if (closed) return Optional.empty();
        managersSeen.add(manager);
        String hash = sha256(path);
        Object reply;
        try {
            reply = redis.eval(GET, List.of(generationKey(manager)), List.of(keyPrefix(manager), hash));
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
            return Optional.empty();
        }
        List<?> pair = (List<?>) reply;
        String generation = String.valueOf(pair.get(0));
        Object sealed = pair.size() > 1 ? pair.get(1) : null;
        if (sealed == null || TOMBSTONE.equals(sealed)) {
            missedAt.put(manager + '\n' + path, generation);
            return Optional.empty();
        }
        try {
            return Optional.of(keys.open(sealed.toString(), associatedData(manager, path)));
        } catch (RuntimeException e) {
            LOG.debug("A shared-cache entry of manager '{}' did not decrypt ({}); treated as a miss", manager, e.getClass().getSimpleName());
            missedAt.put(manager + '\n' + path, generation);
            return Optional.empty();
        }
    }

    @Override
    public void put(String manager, String path, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        if (closed || ttl.isZero() || ttl.isNegative()) return;
        managersSeen.add(manager);
        String generation = missedAt.remove(manager + '\n' + path);
        try {
            String sealed = keys.seal(value, associatedData(manager, path));
            redis.eval(PUT, List.of(generationKey(manager)), List.of(keyPrefix(manager), sha256(path), sealed,
                    Long.toString(Math.max(1, ttl.toMillis())), generation == null ? "" : generation));
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
        }
    }

    @Override
    public void invalidate(String manager) {
        if (closed) return;
        try {
            redis.incr(generationKey(manager));
            redis.publish(channel, InvalidationMessage.encode(nodeId, Invalidation.of(manager)));
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
        }
    }

    @Override
    public void invalidate(String manager, String path) {
        if (closed) return;
        try {
            redis.eval(TOMB, List.of(generationKey(manager)), List.of(keyPrefix(manager), sha256(path),
                    Long.toString(TOMBSTONE_TTL.toMillis())));
            redis.publish(channel, InvalidationMessage.encode(nodeId, Invalidation.of(manager, path)));
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
        }
    }

    @Override
    public void subscribe(Consumer<Invalidation> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Whether the invalidation subscriber is connected (while it is not, other nodes' invalidations are missed). */
    public boolean subscriberConnected() {
        return subscriber.connected();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        subscriber.close();
        redis.close();
    }

    /** Shows the host and port, never the password. */
    @Override
    public String toString() {
        return "RedisSharedCache[" + endpoint + ", channel=" + channel + (closed ? ", closed" : "") + "]";
    }

    private void deliver(Invalidation invalidation) {
        for (Consumer<Invalidation> l : listeners) {
            try {
                l.accept(invalidation);
            } catch (RuntimeException e) {
                LOG.warn("A shared-cache invalidation listener threw {}", e.getClass().getName());
            }
        }
    }

    /** After a reconnect: invalidations published while disconnected were missed, so drop every manager seen. */
    private void reconnected() {
        for (String m : managersSeen) deliver(Invalidation.of(m));
    }

    private void outage(RuntimeException e) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("Redis shared cache at {} is unavailable ({}); resolving from the local cache and the stores until it is back",
                    endpoint, e.getClass().getSimpleName());
        }
    }

    private void up() {
        if (down.compareAndSet(true, false)) LOG.info("Redis shared cache at {} is back", endpoint);
    }

    private static String keyPrefix(String manager) {
        return "secretref:" + manager + ":";
    }

    private static String generationKey(String manager) {
        return "secretref:" + manager + ":generation";
    }

    private static String associatedData(String manager, String path) {
        return "secretref-shared-cache\n" + manager + "\n" + path;
    }

    static String sha256(String path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Builds a {@link RedisSharedCache}; {@code uri} and {@code keys} are required. */
    public static final class Builder {
        private RedisEndpoint endpoint;
        private KeyRing keys;
        private Duration timeout = Duration.ofMillis(50);
        private String channel = "secretref:invalidations";

        private Builder() { }

        /**
         * {@code redis://[user:password@]host[:port][/db]} or {@code rediss://…} for TLS. The password is never
         * shown in {@code toString} or errors.
         */
        public Builder uri(String uri) {
            this.endpoint = RedisEndpoint.parse(uri);
            return this;
        }

        /** The keys values are encrypted with: the same {@link KeyRing} on every node. */
        public Builder keys(KeyRing keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The limit on each Redis call (and on waiting for a pooled connection); default 50 ms. */
        public Builder timeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "The Redis timeout must be positive and at most 1 minute");
            }
            this.timeout = timeout;
            return this;
        }

        /** The pub/sub channel for invalidations; default {@code secretref:invalidations}. */
        public Builder channel(String channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when {@code uri} or {@code keys} is missing
         */
        public RedisSharedCache build() {
            if (endpoint == null || keys == null) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "RedisSharedCache needs "
                        + (endpoint == null ? "uri(\"redis://host:6379\")" : "") + (endpoint == null && keys == null ? " and " : "")
                        + (keys == null ? "keys(KeyRing) (the same keys on every node)" : ""));
            }
            return new RedisSharedCache(this);
        }
    }
}
