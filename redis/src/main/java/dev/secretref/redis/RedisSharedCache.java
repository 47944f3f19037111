package dev.secretref.redis;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.SharedCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
 * cannot put it back. Nodes starting cold together ask the store once per secret: the first to miss holds a
 * short load lease and the others wait briefly for its value ({@link Builder#loadCoordination}). Each invalidation is published on one channel; every other node's subscriber hands it to
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
    private static final int MAX_REMEMBERED_MISSES = 100_000;
    /** How often a node waiting for another node's load looks for the value. */
    private static final Duration POLL = Duration.ofMillis(5);

    // KEYS[1] = generation key; ARGV[1] = "secretref:<manager>:", ARGV[2] = node id, ARGV[3] = load lease ms,
    // ARGV[4..] = sha256(path) each. Per path: the sealed value; or, on a miss, "!load" when this node took the
    // load lease (it asks the store) or "!wait" when another node holds it. One round trip, atomic, so nodes
    // starting together split no batch between them.
    private static final String GET_ALL = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "local out = {g} "
            + "for i = 4, #ARGV do "
            + "  local k = ARGV[1] .. g .. ':' .. ARGV[i] "
            + "  local v = redis.call('GET', k) "
            + "  if v and v ~= '' then out[#out + 1] = v "
            + "  elseif redis.call('SET', k .. ':loading', ARGV[2], 'PX', ARGV[3], 'NX') then out[#out + 1] = '!load' "
            + "  else out[#out + 1] = '!wait' end "
            + "end "
            + "return out";
    // ARGV[1] = prefix, ARGV[2..] = hashes: the current values ('' when none), for polling.
    private static final String PEEK_ALL = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "local out = {} "
            + "for i = 2, #ARGV do out[#out + 1] = redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[i]) or '' end "
            + "return out";
    // ARGV[3] = sealed value, ARGV[4] = ttl ms, ARGV[5] = generation seen before the fetch ('' = current)
    private static final String PUT = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "if ARGV[5] ~= '' and ARGV[5] ~= g then return 0 end "
            + "local k = ARGV[1] .. g .. ':' .. ARGV[2] "
            + "redis.call('DEL', k .. ':loading') "
            + "if redis.call('SET', k, ARGV[3], 'PX', ARGV[4], 'NX') then return 1 end return 0";
    // ARGV[3] = tombstone ttl ms
    private static final String TOMB = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "redis.call('SET', ARGV[1] .. g .. ':' .. ARGV[2], '', 'PX', ARGV[3]) return 1";

    private final RedisEndpoint endpoint;
    private final KeyRing keys;
    private final String channel;
    private final Duration loadLease;
    private final Duration loadWait;
    private final RedisClient redis;
    private final GroupCommit puts;
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
        this.loadLease = b.loadLease;
        this.loadWait = b.loadWait;
        this.redis = endpoint.pooled(b.timeout);
        this.puts = new GroupCommit(redis, PUT, b.timeout, this::up, this::outage);
        this.subscriber = new InvalidationSubscriber(endpoint, channel, nodeId, this::deliver, this::reconnected);
        subscriber.start();
        warmUp();
    }

    /** Opens a pooled connection and loads the scripts now, so the first resolve does not pay for either. */
    private void warmUp() {
        try {
            for (String script : List.of(GET_ALL, PEEK_ALL, PUT, TOMB)) redis.scriptLoad(script);
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> get(String manager, String path) {
        return Optional.ofNullable(getAll(manager, List.of(path)).get(path));
    }

    /**
     * One round trip for every path. Paths another node is loading are waited for (briefly, by polling) only
     * when this node took no load lease itself, so two nodes never wait on each other.
     */
    @Override
    public Map<String, String> getAll(String manager, Collection<String> paths) {
        if (closed || paths.isEmpty()) return Map.of();
        managersSeen.add(manager);
        List<String> ordered = List.copyOf(new LinkedHashSet<>(paths));
        List<String> hashes = ordered.stream().map(RedisSharedCache::sha256).toList();
        List<String> args = new ArrayList<>(hashes.size() + 3);
        args.add(keyPrefix(manager));
        args.add(nodeId);
        args.add(Long.toString(loadLease.toMillis()));
        args.addAll(hashes);
        List<String> keysArg = List.of(generationKey(manager));
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(GET_ALL, keysArg, args);
            up();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
            return Map.of();
        }
        String generation = String.valueOf(reply.get(0));
        Map<String, String> found = new HashMap<>();
        Map<String, String> waiting = new LinkedHashMap<>();   // path -> hash
        boolean loadingHere = false;
        for (int i = 0; i < ordered.size(); i++) {
            String path = ordered.get(i);
            String answer = String.valueOf(reply.get(i + 1));
            if (answer.equals("!load")) {
                loadingHere = true;
                remember(manager, path, generation);
            } else if (answer.equals("!wait")) {
                waiting.put(path, hashes.get(i));
            } else {
                open(manager, path, answer, generation).ifPresent(v -> found.put(path, v));
            }
        }
        if (!waiting.isEmpty() && !loadingHere && !loadWait.isZero()) awaitOtherNode(manager, keysArg, waiting, generation, found);
        for (String path : waiting.keySet()) {
            if (!found.containsKey(path)) remember(manager, path, generation);
        }
        return found;
    }

    /** Another node is fetching these secrets: poll briefly for its values rather than asking the store too. */
    private void awaitOtherNode(String manager, List<String> keysArg, Map<String, String> waiting, String generation,
                                Map<String, String> found) {
        long deadline = System.nanoTime() + loadWait.toNanos();
        Map<String, String> pending = new LinkedHashMap<>(waiting);
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                List<String> args = new ArrayList<>(pending.size() + 1);
                args.add(keyPrefix(manager));
                args.addAll(pending.values());
                List<?> values = (List<?>) redis.eval(PEEK_ALL, keysArg, args);
                List<String> paths = List.copyOf(pending.keySet());
                for (int i = 0; i < paths.size(); i++) {
                    String sealed = String.valueOf(values.get(i));
                    if (sealed.isEmpty()) continue;
                    String path = paths.get(i);
                    pending.remove(path);
                    open(manager, path, sealed, generation).ifPresent(v -> found.put(path, v));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JedisException | IllegalStateException e) {
            outage(e);
        }
    }

    private Optional<String> open(String manager, String path, String sealed, String generation) {
        try {
            return Optional.of(keys.open(sealed, associatedData(manager, path)));
        } catch (RuntimeException e) {
            LOG.debug("A shared-cache entry of manager '{}' did not decrypt ({}); treated as a miss", manager, e.getClass().getSimpleName());
            remember(manager, path, generation);
            return Optional.empty();
        }
    }

    /** The generation a miss happened at, so the value fetched next is put only if no invalidation came between. */
    private void remember(String manager, String path, String generation) {
        if (missedAt.size() >= MAX_REMEMBERED_MISSES) missedAt.clear();   // misses never followed by a put
        missedAt.put(manager + '\n' + path, generation);
    }

    @Override
    public void put(String manager, String path, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        if (closed || ttl.isZero() || ttl.isNegative()) return;
        managersSeen.add(manager);
        String generation = missedAt.remove(manager + '\n' + path);
        String sealed = keys.seal(value, associatedData(manager, path));
        puts.put(List.of(generationKey(manager)), List.of(keyPrefix(manager), sha256(path), sealed,
                Long.toString(Math.max(1, ttl.toMillis())), generation == null ? "" : generation));
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

    /**
     * {@link #subscriberConnected()} (false before the first subscription, during an outage and after
     * {@link #close()}): while the subscriber is away, other nodes' invalidations are missed. A volatile read.
     */
    @Override
    public boolean invalidationsLive() {
        return !closed && subscriber.connected();
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
        private Duration loadLease = Duration.ofSeconds(2);
        private Duration loadWait = Duration.ofMillis(150);

        private Builder() { }

        /**
         * Cold-start single-flight across nodes: the first node to miss a secret holds a load lease for at most
         * {@code lease} (default 2 s) while it asks the store; other nodes that miss it meanwhile wait up to
         * {@code wait} (default 150 ms; keep it below the resolver's shared-cache timeout, 250 ms by default) for
         * its value before asking the store themselves. {@code wait} zero turns waiting off.
         */
        public Builder loadCoordination(Duration lease, Duration wait) {
            if (lease.isNegative() || lease.isZero() || wait.isNegative()) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "The load lease must be positive and the wait not negative");
            }
            this.loadLease = lease;
            this.loadWait = wait;
            return this;
        }

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
