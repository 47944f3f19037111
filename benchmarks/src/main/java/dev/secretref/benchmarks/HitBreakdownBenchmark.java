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
 * Each step rebuilds, with public Caffeine API only, part of what secretref's cache does on a hit
 * (core {@code CachingSecretProvider.get}): an async Caffeine cache of {@code path -> future entry}
 * configured like secretref's (maximumSize, a ticker, a same-thread executor and a variable
 * {@code Expiry}), read through {@code asMap().get}, then {@code isDone}/{@code join} and a second clock
 * read for the refresh-ahead age check. Compare with {@code CacheHitBenchmark.t1_caffeine} (the floor)
 * and {@code t1_secretref} (the whole call): what is left is scanning and routing the reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
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

    /** One clock read: secretref's hit reads the clock twice (Caffeine's expiry check and its own age check). */
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

    /** The whole of secretref's cache hit: the above, isDone, and the refresh-ahead age check. */
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
