package dev.secretref.benchmarks;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.redis.RedisSharedCache;
import dev.secretref.testkit.CountingProvider;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.testkit.FaultInjectingProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 6: ten resolvers ("nodes") sharing the machine's Redis (127.0.0.1:6379) through the {@code redis}
 * module, in front of one store with 20 ms latency per call.
 * <ul>
 *   <li>{@code coldStart}: the ten nodes, all cold, resolve the same 100 references at the same moment; the score
 *       is the time until all ten hold all 100 values; {@code storeReads} / {@code starts} is the secrets read from
 *       the store per cold start (100 when the shared cache's load coordination works: each secret read once, not
 *       once per node, 1,000), {@code storeCalls} / {@code starts} the calls they took (a batch is one call).
 *       Each start uses a fresh manager name, so Redis is cold too.</li>
 *   <li>{@code sharedHit}: one node whose local entry has expired (its ticker is moved past the ttl before every
 *       call) reads a value another node put in Redis: a local miss answered by the shared cache. Sampled, so the
 *       JSON has its p50 and p99; {@code storeCalls} must stay 0.</li>
 *   <li>{@code storeRead}: the store itself (20 ms), the latency a shared hit saves.</li>
 * </ul>
 * Every node has its own {@link RedisSharedCache} (its own connections and invalidation subscriber) with the
 * defaults (load lease 2 s, load wait {@code loadWaitMillis} = 150 ms), except a 1 s limit per Redis call, so a
 * slow machine does not turn a Redis answer into a miss.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SharedCacheBenchmark {
    static final int NODES = 10;
    static final int SECRETS = 100;
    static final Duration LATENCY = Duration.ofMillis(20);
    static final String REDIS_URI = "redis://127.0.0.1:6379/0";

    /** The store every node reads, counted, and the ten nodes' shared caches. */
    @State(Scope.Benchmark)
    public static class Nodes {
        /**
         * How long a node waits for another node's load of the same secret before loading it itself: the
         * {@code RedisSharedCache} default (150 ms). The smoke run sets 5 s, so its count of store reads does not
         * depend on how loaded the machine is.
         */
        @Param({"150"})
        int loadWaitMillis;

        final KeyRing keys = KeyRing.generate();
        final InMemorySecretProvider values = new InMemorySecretProvider();
        CountingProvider store;
        final List<RedisSharedCache> caches = new ArrayList<>();
        final List<SecretResolver> nodes = new ArrayList<>();
        final AtomicInteger generation = new AtomicInteger();
        final List<String> managers = new ArrayList<>();
        ExecutorService pool;
        List<String> references;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < SECRETS; i++) values.put("app/s" + i, "value-" + i);
            store = new CountingProvider(new FaultInjectingProvider(values).latency(LATENCY));
            for (int n = 0; n < NODES; n++) {
                caches.add(RedisSharedCache.builder().uri(REDIS_URI).keys(keys).timeout(Duration.ofSeconds(1))
                        .loadCoordination(Duration.ofSeconds(2), Duration.ofMillis(loadWaitMillis)).build());
            }
            pool = Executors.newFixedThreadPool(NODES);
        }

        /** Ten new cold nodes on a manager name Redis has never seen. */
        @Setup(Level.Invocation)
        public void coldNodes() {
            String manager = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-" + generation.incrementAndGet();
            managers.add(manager);
            for (RedisSharedCache c : caches) {
                nodes.add(SecretResolver.builder().provider(manager, store).cachePolicy(CachePolicy.defaults())
                        .sharedCache(c, Duration.ofSeconds(1)).build());
            }
            references = new ArrayList<>(SECRETS);
            for (int i = 0; i < SECRETS; i++) references.add("{{" + manager + "|ap_sep_v1|app/s" + i + "}}");
        }

        @TearDown(Level.Invocation)
        public void closeNodes() {
            nodes.forEach(SecretResolver::close);
            nodes.clear();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
            for (String m : managers) caches.get(0).invalidate(m);   // drops this run's keys from Redis
            caches.forEach(RedisSharedCache::close);
        }
    }

    /**
     * Cold starts, store calls (a batch is one call) and secrets read from the store, totalled over the measurement:
     * {@code storeReads} / {@code starts} must be 100 (each secret read once for all ten nodes, not 1,000).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ColdCounts {
        public long starts;
        public long storeCalls;
        public long storeReads;

        @Setup(Level.Iteration)
        public void reset() {
            starts = 0;
            storeCalls = 0;
            storeReads = 0;
        }
    }

    /** Secrets the store has read: one per single fetch, the size of each batch. */
    static long reads(CountingProvider store) {
        long n = store.fetchCalls();
        for (int size : store.batchSizes()) n += size;
        return n;
    }

    @Benchmark
    @Warmup(iterations = 2, batchSize = 1)
    @Measurement(iterations = 10, batchSize = 1)
    @BenchmarkMode(Mode.SingleShotTime)
    public int coldStart(Nodes s, ColdCounts c) throws Exception {
        int before = s.store.calls();
        long readBefore = reads(s.store);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> done = new ArrayList<>(NODES);
        for (SecretResolver node : s.nodes) {
            done.add(s.pool.submit(() -> {
                go.await();
                return node.resolve(s.references);
            }));
        }
        go.countDown();
        int n = 0;
        for (Future<List<String>> f : done) {
            List<String> values = f.get(30, TimeUnit.SECONDS);
            if (!"value-99".equals(values.get(SECRETS - 1))) throw new IllegalStateException("a node resolved the wrong value");
            n += values.size();
        }
        c.starts++;
        c.storeCalls += s.store.calls() - before;
        c.storeReads += reads(s.store) - readBefore;
        return n;
    }

    /** One node whose local entries are always expired, reading values another node put into Redis. */
    @State(Scope.Benchmark)
    public static class SharedHit {
        final KeyRing keys = KeyRing.generate();
        final FakeTicker ticker = new FakeTicker();
        final String manager = "bench-hit-" + UUID.randomUUID().toString().substring(0, 8);
        CountingProvider store;
        RedisSharedCache writerCache;
        RedisSharedCache readerCache;
        SecretResolver reader;
        String[] references;
        int next;
        Duration step;

        @Setup(Level.Trial)
        public void setUp() {
            InMemorySecretProvider values = new InMemorySecretProvider();
            references = new String[SECRETS];
            for (int i = 0; i < SECRETS; i++) {
                values.put("app/s" + i, "value-" + i);
                references[i] = "{{" + manager + "|ap_sep_v1|app/s" + i + "}}";
            }
            store = new CountingProvider(new FaultInjectingProvider(values).latency(LATENCY));
            CachePolicy policy = CachePolicy.defaults();
            step = policy.ttl().plusMillis(1);
            writerCache = sharedCache(keys);
            readerCache = sharedCache(keys);
            try (SecretResolver writer = SecretResolver.builder().provider(manager, store).cachePolicy(policy)
                    .sharedCache(writerCache, Duration.ofSeconds(1)).build()) {
                for (String r : references) writer.resolveString(r);
            }
            reader = SecretResolver.builder().provider(manager, store).cachePolicy(policy).ticker(ticker)
                    .sharedCache(readerCache, Duration.ofSeconds(1)).build();
            waitForPuts();
            store.resetCalls();
        }

        /** Writes to the shared cache are fire-and-forget: wait until the reader finds every value in Redis. */
        private void waitForPuts() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int i = 0; i < SECRETS; i++) {
                while (readerCache.get(manager, "app/s" + i).isEmpty()) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the writer's values never reached Redis");
                    Thread.onSpinWait();
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            int calls = store.calls();
            reader.close();
            writerCache.invalidate(manager);
            writerCache.close();
            readerCache.close();
            if (calls != 0) throw new IllegalStateException("a shared-cache hit called the store " + calls + " times");
        }
    }

    /** Shared-cache hits and store calls (must stay 0). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class HitCounts {
        public long sharedHits;
        public long storeCalls;

        @Setup(Level.Iteration)
        public void reset() {
            sharedHits = 0;
            storeCalls = 0;
        }
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public String sharedHit(SharedHit s, HitCounts c) {
        s.ticker.advance(s.step);                 // the local entry is now older than the ttl: a local miss
        int before = s.store.calls();
        String r = s.references[s.next];
        s.next = (s.next + 1) % SECRETS;
        String v = s.reader.resolveString(r);
        c.sharedHits++;
        c.storeCalls += s.store.calls() - before;
        return v;
    }

    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public String storeRead(Store s) {
        return s.store.fetch("app/s1");
    }

    /** The store alone, as the nodes see it. */
    @State(Scope.Benchmark)
    public static class Store {
        final SecretProviderFacade store = new SecretProviderFacade();
    }

    /** The nodes' store: an in-memory provider that sleeps 20 ms per call. */
    static final class SecretProviderFacade {
        private final FaultInjectingProvider provider =
                new FaultInjectingProvider(new InMemorySecretProvider(java.util.Map.of("app/s1", "value-1"))).latency(LATENCY);

        String fetch(String path) { return provider.fetch(path); }
    }

    static RedisSharedCache sharedCache(KeyRing keys) {
        return RedisSharedCache.builder().uri(REDIS_URI).keys(keys).timeout(Duration.ofSeconds(1)).build();
    }
}
