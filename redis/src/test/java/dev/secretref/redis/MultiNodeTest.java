package dev.secretref.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Ten resolvers ("nodes") sharing the machine's real Redis in front of one store with 20 ms latency. */
final class MultiNodeTest {
    private static final int NODES = 10;
    private static final int SECRETS = 100;

    private final KeyRing keys = KeyRing.generate();
    private final String manager = "vault-" + UUID.randomUUID().toString().substring(0, 8);
    private final Store store = new Store();
    private final List<SecretResolver> nodes = new ArrayList<>();
    private final List<RedisSharedCache> caches = new ArrayList<>();

    @BeforeEach
    void setUp() throws InterruptedException {
        RedisServers.requireRedis();
        for (int i = 0; i < SECRETS; i++) store.values.put("app/s" + i, "value-" + i);
        for (int n = 0; n < NODES; n++) {
            // generous time limits: this pins the coordination, not the latency (the benchmarks measure that)
            RedisSharedCache shared = RedisSharedCache.builder().uri(RedisServers.URI).keys(keys).timeout(Duration.ofSeconds(2))
                    .loadCoordination(Duration.ofSeconds(10), Duration.ofSeconds(5)).build();
            caches.add(shared);
            nodes.add(SecretResolver.builder().provider(manager, store).sharedCache(shared, Duration.ofSeconds(8)).build());
        }
        for (RedisSharedCache c : caches) RedisSharedCacheTest.awaitSubscribed(c);
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(SecretResolver::close);
        caches.forEach(RedisSharedCache::close);
        try (RedisClient raw = RedisClient.create("127.0.0.1", 6379)) {
            for (String k : raw.keys("secretref:" + manager + ":*")) raw.del(k);
        }
    }

    private List<String> references() {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < SECRETS; i++) refs.add("{{" + manager + "|ap_sep_v1|app/s" + i + "}}");
        return refs;
    }

    @Test
    void tenNodesStartingColdTogetherReadEachSecretFromTheStoreOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (SecretResolver node : nodes) {
            results.add(pool.submit(() -> {
                start.await();
                return node.resolve(references());
            }));
        }
        start.countDown();
        for (Future<List<String>> f : results) assertThat(f.get(30, TimeUnit.SECONDS)).hasSize(SECRETS).contains("value-0", "value-99");
        pool.shutdown();

        assertThat(store.pathsRead.get()).isEqualTo(SECRETS);
    }

    @Test
    void anInvalidationOnOneNodeMakesEveryNodeReadTheNewValue() throws Exception {
        for (SecretResolver node : nodes) assertThat(node.resolveString("{{" + manager + "|ap_sep_v1|app/s1}}")).isEqualTo("value-1");

        store.values.put("app/s1", "rotated");
        nodes.get(3).invalidate(manager, "app/s1");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (SecretResolver node : nodes) {
            String seen;
            do {
                seen = node.resolveString("{{" + manager + "|ap_sep_v1|app/s1}}");
                if (!seen.equals("rotated")) Thread.sleep(10);   // the broadcast is asynchronous
            } while (!seen.equals("rotated") && System.nanoTime() < deadline);
            assertThat(seen).isEqualTo("rotated");
        }
    }

    @Test
    void aWriteOnOneNodeReachesEveryNode() throws Exception {
        SecretResolver writer = SecretResolver.builder().provider(manager, store).sharedCache(caches.get(0)).build();
        try {
            for (SecretResolver node : nodes) node.resolveString("{{" + manager + "|ap_sep_v1|app/s2}}");
            store.values.put("app/s2", "changed-elsewhere");
            nodes.get(0).invalidate(manager);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (SecretResolver node : nodes) {
                String seen;
                do {
                    seen = node.resolveString("{{" + manager + "|ap_sep_v1|app/s2}}");
                    if (!seen.equals("changed-elsewhere")) Thread.sleep(10);
                } while (!seen.equals("changed-elsewhere") && System.nanoTime() < deadline);
                assertThat(seen).isEqualTo("changed-elsewhere");
            }
        } finally {
            writer.close();
        }
    }

    /** One store behind every node: batch reads with a 20 ms round trip, counting every path it serves. */
    static final class Store implements SecretProvider {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final AtomicInteger pathsRead = new AtomicInteger();

        @Override
        public String fetch(String path) {
            return fetchAll(Set.of(path)).get(path).valueOrThrow();
        }

        @Override
        public Map<String, FetchResult> fetchAll(Set<String> paths) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pathsRead.addAndGet(paths.size());
            Map<String, FetchResult> out = new LinkedHashMap<>();
            for (String p : paths) {
                String v = values.get(p);
                out.put(p, v != null ? FetchResult.value(v) : FetchResult.error(dev.secretref.SecretManagerException.notFound(p, "no such secret")));
            }
            return out;
        }

        @Override
        public void checkConnection() { }
    }
}
