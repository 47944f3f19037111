package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.spi.SharedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SecretResolver.Builder#sharedCache}: DESIGN §7.5, §7.6; two resolvers stand for two nodes. */
final class SharedCacheTest {
    private static final String REF = "{{m|ap_sep_v1|db/password}}";
    private static final Duration TTL = Duration.ofMinutes(3);

    private final FakeSharedCache shared = new FakeSharedCache();
    private final InMemorySecretProvider store = new InMemorySecretProvider(Map.of("db/password", "v1", "other", "o1"));
    private final List<SecretResolver> opened = new ArrayList<>();
    private final List<CountingProvider> nodes = new ArrayList<>();

    private SecretResolver node() {
        return node(shared);
    }

    private SecretResolver node(SharedCache cache) {
        CountingProvider counting = new CountingProvider(store);
        nodes.add(counting);
        SecretResolver r = SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "memory", Map.of()).cachePolicy(CachePolicy.defaults().withTtl(TTL)), counting)
                .executor(Runnable::run)
                .sharedCache(cache)
                .build();
        opened.add(r);
        return r;
    }

    private int storeCalls() {
        return nodes.stream().mapToInt(CountingProvider::calls).sum();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    @Test
    void aSecondNodeReadsWhatTheFirstFetchedWithoutAskingTheStore() {
        SecretResolver a = node();
        SecretResolver b = node();
        assertThat(a.resolveString(REF)).isEqualTo("v1");
        assertThat(shared.ttls.values()).containsExactly(TTL);
        assertThat(b.resolveString(REF)).isEqualTo("v1");
        assertThat(b.resolveString(REF)).isEqualTo("v1");
        assertThat(storeCalls()).as("one store read for two nodes").isEqualTo(1);
    }

    @Test
    void notFoundAndErrorsAreNotShared() {
        SecretResolver a = node();
        assertThatThrownBy(() -> a.resolveString("{{m|ap_sep_v1|missing}}")).isInstanceOf(SecretManagerException.class);
        assertThat(shared.values).isEmpty();
    }

    @Test
    void invalidateOnOneNodeReachesEveryNode() {
        SecretResolver a = node();
        SecretResolver b = node();
        a.resolveString(REF);
        b.resolveString(REF);
        store.put("db/password", "v2");
        a.invalidate("m", "db/password");
        assertThat(shared.holds("m", "db/password")).isFalse();
        assertThat(b.resolveString(REF)).as("b's local entry went too").isEqualTo("v2");
        assertThat(a.resolveString(REF)).isEqualTo("v2");

        store.put("db/password", "v3");
        b.invalidate("memory");     // whole manager, by the provider-id alias
        assertThat(a.resolveString(REF)).isEqualTo("v3");
    }

    @Test
    void aWriteOnOneNodeIsReadByTheOtherNext() {
        SecretResolver a = node();
        SecretResolver b = node();
        a.writer("m").write("c", Map.of("token", "t1"));
        assertThat(b.resolveString("{{m|ap_sep_v1|c/token}}")).isEqualTo("t1");
        a.writer("m").write("c", Map.of("token", "t2"));
        assertThat(b.resolveString("{{m|ap_sep_v1|c/token}}")).isEqualTo("t2");
        a.writer("m").delete("c");
        assertThatThrownBy(() -> b.resolveString("{{m|ap_sep_v1|c/token}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aFailingSharedCacheNeverFailsAResolve() {
        shared.failure = new IllegalStateException("redis down");
        SecretResolver a = node();      // subscribe fails too
        assertThat(a.resolveString(REF)).isEqualTo("v1");
        a.invalidate("m");
        assertThat(a.resolveString(REF)).isEqualTo("v1");
        assertThat(storeCalls()).isEqualTo(2);
        shared.failure = null;
        a.invalidate("m");
        assertThat(a.resolveString(REF)).isEqualTo("v1");
        assertThat(shared.holds("m", "db/password")).as("used again once it answers").isTrue();
    }

    @Test
    void aHangingSharedCacheIsSkippedAfterItsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SharedCache hanging = new SharedCache() {
            @Override public Optional<String> get(String manager, String path) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of("stale-from-shared");
            }
            @Override public void put(String manager, String path, String value, Duration ttl) { }
            @Override public void invalidate(String manager) { }
            @Override public void invalidate(String manager, String path) { }
            @Override public void subscribe(Consumer<Invalidation> listener) { }
            @Override public void close() { }
        };
        SecretResolver r = SecretResolver.builder()
                .provider("m", new CountingProvider(store))
                .sharedCache(hanging, Duration.ofMillis(20))
                .build();
        opened.add(r);
        try {
            assertThat(r.resolveString(REF)).as("the store answers when the shared cache does not").isEqualTo("v1");
        } finally {
            release.countDown();
        }
    }

    @Test
    void concurrentMissesOnOneNodeAskTheSharedCacheOnce() throws Exception {
        CountDownLatch inGet = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeSharedCache slow = new FakeSharedCache() {
            @Override public Optional<String> get(String manager, String path) {
                inGet.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.get(manager, path);
            }
        };
        slow.values.put("m\u0000db/password", "from-shared");
        CountingProvider counting = new CountingProvider(store);
        SecretResolver a = SecretResolver.builder().provider("m", counting).sharedCache(slow, Duration.ofMinutes(1)).build();
        opened.add(a);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> results = new ArrayList<>();
            results.add(pool.submit(() -> a.resolveString(REF)));
            inGet.await();
            for (int i = 0; i < 3; i++) results.add(pool.submit(() -> a.resolveString(REF)));
            release.countDown();
            for (java.util.concurrent.Future<String> f : results) assertThat(f.get()).isEqualTo("from-shared");
        } finally {
            pool.shutdownNow();
        }
        assertThat(slow.gets.get()).as("single flight: one shared-cache read").isEqualTo(1);
        assertThat(counting.calls()).as("no store call").isZero();
    }
}
