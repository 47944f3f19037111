package dev.secretref.benchmarks;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Not one of the five: a decomposition of benchmark 1, to show where a secretref hit spends its time.
 * Each method rebuilds, with public Caffeine API only, a cache of {@code path -> future entry} read
 * through {@code AsyncCache.asMap().get} and {@code join}, as secretref's cache
 * ({@code ManagerCache.get} in core) does on a hit:
 * <ul>
 *   <li>{@code asyncFixedExpiryGet}: fixed expiry (expireAfterWrite), no clock read of its own: the
 *       structure of secretref's cache since core commit 989565e (which also reads a coarse shared clock
 *       instead of {@code System.nanoTime});</li>
 *   <li>{@code asyncVariableExpiryGet}: a variable {@code Expiry} (timer wheel), and
 *       {@code asyncVariableExpiryGetAndAge}: plus a {@code System.nanoTime} refresh-ahead age check: the
 *       structure before that commit;</li>
 *   <li>{@code nanoTime}: one clock read.</li>
 * </ul>
 * Compare with {@code CacheHitBenchmark.t1_caffeine} (the floor) and {@code t1_secretref} (the whole
 * call): what is left after the cache lookup is scanning and routing the reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class HitBreakdownBenchmark {
    static final String PATH = CacheHitBenchmark.PATH;
    static final long TTL = TimeUnit.MINUTES.toNanos(5);
    static final long REFRESH_AHEAD = TTL * 8 / 10;

    /** Like secretref's cache entry: a value and when it was loaded. */
    static final class Entry {
        final String value;
        final long loadedAt;

        Entry(String value, long loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    AsyncCache<String, Entry> variableExpiry;
    ConcurrentMap<String, CompletableFuture<Entry>> variableExpiryMap;
    ConcurrentMap<String, CompletableFuture<Entry>> fixedExpiryMap;

    @Setup(Level.Trial)
    public void setUp() {
        variableExpiry = Caffeine.newBuilder()
                .maximumSize(10_000)
                .ticker(System::nanoTime)
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry e, long now) {
                        return Math.max(e.loadedAt + TTL - now, 0);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry e, long now, long remaining) {
                        return expireAfterCreate(key, e, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry e, long now, long remaining) {
                        return remaining;
                    }
                })
                .buildAsync();
        variableExpiryMap = variableExpiry.asMap();
        variableExpiryMap.put(PATH, CompletableFuture.completedFuture(new Entry(CacheHitBenchmark.VALUE, System.nanoTime())));

        AsyncCache<String, Entry> fixed = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(java.time.Duration.ofMinutes(5))
                .buildAsync();
        fixedExpiryMap = fixed.asMap();
        fixedExpiryMap.put(PATH, CompletableFuture.completedFuture(new Entry(CacheHitBenchmark.VALUE, System.nanoTime())));
    }

    /** One clock read (before 989565e a secretref hit made two: Caffeine's expiry check and its own age check). */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** An async cache with fixed expiry, read through asMap: what an AsyncCache costs over a LoadingCache. */
    @Benchmark
    public String asyncFixedExpiryGet() {
        CompletableFuture<Entry> f = fixedExpiryMap.get(PATH);
        return f.join().value;
    }

    /** The same with secretref's variable Expiry (timer wheel). */
    @Benchmark
    public String asyncVariableExpiryGet() {
        CompletableFuture<Entry> f = variableExpiryMap.get(PATH);
        return f.join().value;
    }

    /** The whole of secretref's cache hit before 989565e: the above, isDone, and a nanoTime age check. */
    @Benchmark
    public String asyncVariableExpiryGetAndAge() {
        CompletableFuture<Entry> f = variableExpiryMap.get(PATH);
        if (f != null && f.isDone()) {
            Entry e = f.join();
            long age = System.nanoTime() - e.loadedAt;
            if (age < REFRESH_AHEAD && age >= 0) return e.value;
        }
        throw new IllegalStateException("not a fresh hit");
    }
}
