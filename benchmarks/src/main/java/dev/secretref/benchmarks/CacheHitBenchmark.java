package dev.secretref.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1: a warm cache hit on one reference, at 1 and at 8 threads, four ways:
 * <ul>
 *   <li>{@code secretref}: {@code resolver.resolveString("{{m|ap_sep_v1|prod/db:password}}")}, the whole
 *       public call: scan the string, route the manager, check scope, look the path up in the cache;</li>
 *   <li>{@code awsSecretCache}: {@code SecretCache.getSecretString("prod/db")} of
 *       aws-secretsmanager-caching-java with its client stubbed in-process (never called once warm);</li>
 *   <li>{@code caffeine}: a bare Caffeine {@code LoadingCache.get} hit, bounded and expiring like a real
 *       secret cache (maximumSize 10,000, expireAfterWrite 5 min): the floor for a real cache;</li>
 *   <li>{@code concurrentHashMap}: a bare {@code ConcurrentHashMap.get}: the physical limit.</li>
 * </ul>
 * The thread count is part of the method name ({@code t1_}, {@code t8_}) so one run yields both. secretref and
 * Caffeine run in 3 forks (their ratio is held to 1.10×, and most of the error is fork to fork: inlining and
 * profile decisions differ per JVM); the AWS cache and the map, whose ratios have wide margins, in 2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CacheHitBenchmark {
    static final String REFERENCE = "{{m|ap_sep_v1|prod/db:password}}";
    static final String PATH = "prod/db:password";
    static final String AWS_SECRET_ID = "prod/db";
    static final String VALUE = "s3cr3t-value-0123456789";

    SecretResolver resolver;
    StubSecretsManagerClient awsClient;
    SecretCache awsCache;
    LoadingCache<String, String> caffeine;
    ConcurrentHashMap<String, String> map;
    int awsCallsWhenWarm;

    @Setup(Level.Trial)
    public void setUp() {
        resolver = SecretResolver.builder()
                .provider("m", new InMemorySecretProvider(Map.of(PATH, VALUE)))
                .cachePolicy(CachePolicy.defaults())
                .build();
        awsClient = new StubSecretsManagerClient(Map.of(AWS_SECRET_ID, VALUE));
        awsCache = new SecretCache(awsClient);
        caffeine = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build(key -> VALUE);
        map = new ConcurrentHashMap<>();
        map.put(PATH, VALUE);

        // warm every cache, and check each answers the same value
        check(resolver.resolveString(REFERENCE));
        check(awsCache.getSecretString(AWS_SECRET_ID));
        check(caffeine.get(PATH));
        check(map.get(PATH));
        awsCallsWhenWarm = awsClient.calls();
    }

    private static void check(String v) {
        if (!VALUE.equals(v)) throw new IllegalStateException("a cache answered the wrong value");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        int during = awsClient.calls() - awsCallsWhenWarm;
        if (during != 0) throw new IllegalStateException("the AWS cache called its client " + during + " times once warm");
        resolver.close();
        awsCache.close();
    }

    String secretref() { return resolver.resolveString(REFERENCE); }
    String aws() { return awsCache.getSecretString(AWS_SECRET_ID); }
    String caffeineHit() { return caffeine.get(PATH); }
    String mapHit() { return map.get(PATH); }

    @Benchmark @Threads(1) public String t1_secretref() { return secretref(); }
    @Benchmark @Threads(1) @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) public String t1_awsSecretCache() { return aws(); }
    @Benchmark @Threads(1) public String t1_caffeine() { return caffeineHit(); }
    @Benchmark @Threads(1) @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) public String t1_concurrentHashMap() { return mapHit(); }

    @Benchmark @Threads(8) public String t8_secretref() { return secretref(); }
    @Benchmark @Threads(8) @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) public String t8_awsSecretCache() { return aws(); }
    @Benchmark @Threads(8) public String t8_caffeine() { return caffeineHit(); }
    @Benchmark @Threads(8) @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) public String t8_concurrentHashMap() { return mapHit(); }
}
