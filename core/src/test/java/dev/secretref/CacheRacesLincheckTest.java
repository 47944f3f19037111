package dev.secretref;

import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link ManagerCache}'s claim / refresh / invalidate races with Lincheck: every interleaving of a
 * few reads and "write then invalidate" updates must be linearizable against a cache that is never stale once an
 * invalidation returned. Time stands still and refresh-ahead is due on every hit, so each read that hits also
 * reloads in the background (run inline), racing the claims of other readers and the invalidations. The entry map
 * is a {@link ConcurrentHashMap} standing in for Caffeine's {@code asMap()} view (same atomic {@code putIfAbsent},
 * {@code replace}, {@code remove} contract), so the checker explores the cache's own logic rather than Caffeine's.
 */
public final class CacheRacesLincheckTest {
    private static final String PATH = "k";

    private final AtomicInteger version = new AtomicInteger();
    private final AtomicInteger tick = new AtomicInteger();   // time moves a nanosecond per reading: hits become due
    private final ManagerCache cache;

    public CacheRacesLincheckTest() {
        SecretProvider store = new SecretProvider() {
            @Override public String fetch(String path) { return "v" + version.get(); }
            @Override public void checkConnection() { }
        };
        CachePolicy policy = CachePolicy.builder()
                .ttl(Duration.ofMinutes(5))
                .refreshAhead(Duration.ofNanos(1))       // due on the first hit after a load
                .build();
        FakeTicker ticker = new FakeTicker();
        ProviderGateway gateway = new ProviderGateway("m", "memory", store, new CredentialMask(Set.of()));
        cache = new ManagerCache(gateway, policy, () -> ticker.read() + tick.incrementAndGet(), Runnable::run,
                new Listeners(List.of()), SharedCacheClient.NONE, new ConcurrentHashMap<>());
    }

    /** A resolve of the path. */
    @Operation
    public String read() {
        return cache.get(PATH);
    }

    /** A writer changes the secret, then drops it from the cache (what {@code SecretWriter} and {@code invalidate} do). */
    @Operation
    public void update() {
        version.incrementAndGet();
        cache.invalidate(PATH);
    }

    /** The whole manager is dropped ({@code invalidate(manager)}). */
    @Operation
    public void updateAll() {
        version.incrementAndGet();
        cache.invalidateAll();
    }

    @Test
    void claimRefreshAndInvalidateAreLinearizable() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(1)
                .actorsBefore(1)
                .actorsAfter(1)
                .minimizeFailedScenario(false);
        LinChecker.check(CacheRacesLincheckTest.class, options);
    }
}
