package dev.secretref.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.SharedCache.Invalidation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Against the machine's real Redis (127.0.0.1:6379). */
final class RedisSharedCacheTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    private final KeyRing keys = KeyRing.generate();
    private final String manager = "m-" + UUID.randomUUID();   // each test its own key space
    private RedisSharedCache cache;
    private RedisClient raw;

    @BeforeEach
    void setUp() {
        RedisServers.requireRedis();
        cache = RedisSharedCache.builder().uri(RedisServers.URI).keys(keys).timeout(Duration.ofMillis(500)).build();
        raw = RedisClient.create("127.0.0.1", 6379);
    }

    @AfterEach
    void tearDown() {
        if (cache != null) cache.close();
        if (raw != null) {
            for (String k : raw.keys("secretref:" + manager + ":*")) raw.del(k);
            raw.close();
        }
    }

    @Test
    void aPutValueIsReadBackAndStoredEncryptedUnderAHashedKey() {
        cache.put(manager, "prod/db:password", "hunter2-very-secret", TTL);

        assertThat(cache.get(manager, "prod/db:password")).contains("hunter2-very-secret");
        Set<String> stored = raw.keys("secretref:" + manager + ":*");
        assertThat(stored).singleElement().satisfies(k -> {
            assertThat(k).matches("secretref:" + manager + ":0:[0-9a-f]{64}").doesNotContain("prod/db");
            assertThat(raw.get(k)).doesNotContain("hunter2");
            assertThat(raw.pttl(k)).isBetween(1L, TTL.toMillis());
        });
    }

    @Test
    void anUnknownPathIsAMiss() {
        assertThat(cache.get(manager, "nothing/here")).isEmpty();
    }

    @Test
    void invalidatingTheManagerIsOneGenerationBumpThatHidesEveryPath() {
        cache.put(manager, "a", "1111", TTL);
        cache.put(manager, "b", "2222", TTL);

        cache.invalidate(manager);

        assertThat(cache.get(manager, "a")).isEmpty();
        assertThat(cache.get(manager, "b")).isEmpty();
        assertThat(raw.get("secretref:" + manager + ":generation")).isEqualTo("1");
        cache.put(manager, "a", "3333", TTL);
        assertThat(cache.get(manager, "a")).contains("3333");
    }

    @Test
    void invalidatingAPathDropsOnlyThatPathAndBlocksAStalePutBriefly() {
        cache.put(manager, "a", "old-value", TTL);
        cache.put(manager, "b", "other", TTL);

        cache.invalidate(manager, "a");
        cache.put(manager, "a", "old-value", TTL);    // a node that fetched before the invalidation

        assertThat(cache.get(manager, "a")).isEmpty();
        assertThat(cache.get(manager, "b")).contains("other");
    }

    @Test
    void aValueFetchedBeforeAManagerInvalidationIsNotPutIntoTheNewGeneration() {
        assertThat(cache.get(manager, "a")).isEmpty();          // miss at generation 0: the resolver fetches
        try (RedisSharedCache otherNode = RedisSharedCache.builder().uri(RedisServers.URI).keys(keys).build()) {
            otherNode.invalidate(manager);                       // meanwhile another node invalidates
        }
        cache.put(manager, "a", "fetched-before", TTL);          // the old value arrives

        assertThat(cache.get(manager, "a")).isEmpty();
    }

    @Test
    void tamperedCiphertextIsTreatedAsAMiss() {
        cache.put(manager, "a", "value-1234", TTL);
        String key = raw.keys("secretref:" + manager + ":*").iterator().next();
        String sealed = raw.get(key);
        char c = sealed.charAt(sealed.length() / 2);
        raw.set(key, sealed.substring(0, sealed.length() / 2) + (c == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() / 2 + 1));

        assertThat(cache.get(manager, "a")).isEmpty();
    }

    @Test
    void aValueCopiedToAnotherPathDoesNotDecrypt() {
        cache.put(manager, "a", "value-for-a", TTL);
        cache.put(manager, "b", "value-for-b", TTL);
        String keyA = "secretref:" + manager + ":0:" + RedisSharedCache.sha256("a");
        String keyB = "secretref:" + manager + ":0:" + RedisSharedCache.sha256("b");
        raw.set(keyB, raw.get(keyA));

        assertThat(cache.get(manager, "b")).isEmpty();
    }

    @Test
    void aNodeWithOtherKeysReadsNothing() {
        cache.put(manager, "a", "value-1234", TTL);
        try (RedisSharedCache stranger = RedisSharedCache.builder().uri(RedisServers.URI).keys(KeyRing.generate()).build()) {
            assertThat(stranger.get(manager, "a")).isEmpty();
        }
    }

    @Test
    void invalidationsReachOtherNodesButNotTheSender() throws Exception {
        List<Invalidation> heardByOther = new CopyOnWriteArrayList<>();
        List<Invalidation> heardBySelf = new CopyOnWriteArrayList<>();
        try (RedisSharedCache other = RedisSharedCache.builder().uri(RedisServers.URI).keys(keys).build()) {
            other.subscribe(heardByOther::add);
            cache.subscribe(heardBySelf::add);
            awaitSubscribed(other);
            awaitSubscribed(cache);

            cache.invalidate(manager);
            cache.invalidate(manager, "prod/x");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (heardByOther.size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(heardByOther).containsExactly(Invalidation.of(manager), Invalidation.of(manager, "prod/x"));
            assertThat(heardBySelf).isEmpty();
        }
    }

    @Test
    void aPasswordInTheUriNeverShows() {
        RedisSharedCache withPassword = RedisSharedCache.builder().uri("redis://app:S3cretPassw0rd@127.0.0.1:6379/0")
                .keys(keys).build();
        try {
            assertThat(withPassword.toString()).contains("127.0.0.1:6379").contains("password set").doesNotContain("S3cretPassw0rd");
        } finally {
            withPassword.close();
        }
    }

    @Test
    void badUrisAreRefusedWithoutQuotingThem() {
        for (String bad : List.of("http://h:1", "redis://:P4SS W0RD@h", "redis://u:P4SSW0RD@h:99999", "redis://u:P4SS%zz@h", "")) {
            SecretManagerException e = catchThrowableOfType(() -> RedisSharedCache.builder().uri(bad), SecretManagerException.class);
            assertThat(e).as(bad).isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
            assertThat(e.getMessage()).doesNotContain("P4SS");
        }
        assertThat(catchThrowableOfType(() -> RedisSharedCache.builder().build(), SecretManagerException.class).getMessage())
                .contains("uri(").contains("keys(");
    }

    @Test
    void closeIsIdempotentAndAClosedCacheMissesQuietly() {
        cache.close();
        cache.close();
        assertThat(cache.get(manager, "a")).isEmpty();
        cache.put(manager, "a", "v", TTL);
        cache.invalidate(manager);
    }

    static void awaitSubscribed(RedisSharedCache c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.subscriberConnected() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(c.subscriberConnected()).as("subscriber connected").isTrue();
    }
}
