package dev.secretref.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.keys.KeyRing;
import dev.secretref.spi.SharedCache.Invalidation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A second, throw-away redis-server that the test kills and restarts. */
final class RedisOutageTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void aKilledRedisIsAMissNeverAFailureAndTheCacheResumesWhenItIsBack() throws Exception {
        RedisServers.requireRedis();
        int port = RedisServers.freePort();
        Process server = RedisServers.start(port);
        KeyRing keys = KeyRing.generate();
        List<Invalidation> heard = new CopyOnWriteArrayList<>();
        try (RedisSharedCache cache = RedisSharedCache.builder().uri("redis://127.0.0.1:" + port).keys(keys)
                .timeout(Duration.ofMillis(50)).build()) {
            cache.subscribe(heard::add);
            RedisSharedCacheTest.awaitSubscribed(cache);
            cache.put("m", "a", "value-a", TTL);
            assertThat(cache.get("m", "a")).contains("value-a");

            RedisServers.kill(server);

            for (int i = 0; i < 20; i++) {
                assertThat(cache.get("m", "a")).isEmpty();
                cache.put("m", "b", "value-b", TTL);
                cache.invalidate("m");
                cache.invalidate("m", "a");
            }
            assertThat(cache.subscriberConnected()).isFalse();

            server = RedisServers.start(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!cache.subscriberConnected() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(cache.subscriberConnected()).isTrue();
            // invalidations sent while it was away were missed: every manager this node used is dropped
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (heard.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(heard).contains(Invalidation.of("m"));

            cache.put("m", "c", "value-c", TTL);
            assertThat(cache.get("m", "c")).contains("value-c");
        } finally {
            RedisServers.kill(server);
        }
    }

    @Test
    void anUnreachableRedisNeverBlocksLongerThanItsTimeout() {
        try (RedisSharedCache cache = RedisSharedCache.builder().uri("redis://127.0.0.1:1").keys(KeyRing.generate())
                .timeout(Duration.ofMillis(50)).build()) {
            assertThat(cache.get("m", "a")).isEmpty();
            cache.put("m", "a", "v", TTL);
            cache.invalidate("m");
            assertThat(cache.subscriberConnected()).isFalse();
        }
    }
}
