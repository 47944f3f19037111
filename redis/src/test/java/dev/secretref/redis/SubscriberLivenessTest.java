package dev.secretref.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.ManagerDefinition;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisSharedCache#invalidationsLive()} follows its subscriber, and a resolver caps local entries at the
 * disconnected ttl while it is down (issue 17). The machine's Redis, and a throw-away redis-server that is killed.
 */
final class SubscriberLivenessTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void invalidationsAreLiveOnceTheSubscriberIsConnectedAndNotAfterClose() throws Exception {
        RedisServers.requireRedis();
        RedisSharedCache cache = RedisSharedCache.builder().uri(RedisServers.URI).keys(KeyRing.generate()).build();
        try {
            RedisSharedCacheTest.awaitSubscribed(cache);
            assertThat(cache.invalidationsLive()).isTrue();
        } finally {
            cache.close();
        }
        assertThat(cache.invalidationsLive()).as("a closed cache hears nothing").isFalse();
    }

    @Test
    void theFlagFollowsTheSubscriberThroughAnOutage() throws Exception {
        RedisServers.requireRedis();
        int port = RedisServers.freePort();
        Process server = RedisServers.start(port);
        try (RedisSharedCache cache = RedisSharedCache.builder().uri("redis://127.0.0.1:" + port).keys(KeyRing.generate())
                .timeout(Duration.ofMillis(50)).build()) {
            RedisSharedCacheTest.awaitSubscribed(cache);
            assertThat(cache.invalidationsLive()).isTrue();

            RedisServers.kill(server);
            assertThat(within(Duration.ofSeconds(10), () -> !cache.invalidationsLive())).as("down after the kill").isTrue();

            server = RedisServers.start(port);
            assertThat(within(Duration.ofSeconds(15), cache::invalidationsLive)).as("live after the restart").isTrue();
        } finally {
            RedisServers.kill(server);
        }
    }

    @Test
    void whileTheSubscriberIsDownAResolverReloadsEntriesOlderThanTheCap() throws Exception {
        RedisServers.requireRedis();
        int port = RedisServers.freePort();
        Process server = RedisServers.start(port);
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        String path = "app/" + UUID.randomUUID();
        String ref = "{{m|ap_sep_v1|" + path + "}}";
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of(path, "v1"));
        try (RedisSharedCache cache = RedisSharedCache.builder().uri("redis://127.0.0.1:" + port).keys(KeyRing.generate())
                .timeout(Duration.ofMillis(50)).build();
             SecretResolver resolver = SecretResolver.builder()
                     .provider(ManagerDefinition.of("m", "memory", Map.of()).cachePolicy(CachePolicy.defaults().withTtl(TTL)), store)
                     .executor(Runnable::run).ticker(nanos::get)
                     .sharedCache(cache).sharedCacheDisconnectedTtl(Duration.ofSeconds(5))
                     .build()) {
            RedisSharedCacheTest.awaitSubscribed(cache);
            assertThat(resolver.resolveString(ref)).isEqualTo("v1");
            store.put(path, "v2");                       // changed with no invalidation reaching this node
            nanos.addAndGet(Duration.ofSeconds(6).toNanos());
            assertThat(resolver.resolveString(ref)).as("connected: the entry lives its ttl").isEqualTo("v1");

            RedisServers.kill(server);
            assertThat(within(Duration.ofSeconds(10), () -> !cache.invalidationsLive())).isTrue();
            assertThat(resolver.resolveString(ref)).as("disconnected: older than 5 s, reloaded").isEqualTo("v2");
            store.put(path, "v3");
            nanos.addAndGet(Duration.ofSeconds(4).toNanos());
            assertThat(resolver.resolveString(ref)).as("younger than 5 s: served").isEqualTo("v2");
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(resolver.resolveString(ref)).isEqualTo("v3");
        } finally {
            RedisServers.kill(server);
        }
    }

    /** Polls {@code condition} until it holds or {@code limit} passes (a subscriber reconnects on its own thread). */
    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }
}
