package dev.secretref.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hits, misses, shared hits, loads, failures and reference outcomes counted per manager, with a timed load. */
final class ResolverEventsAreCountedPerManagerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TimedStore aws = new TimedStore(Map.of("prod/db:password", "pw-1", "prod/api:key", "key-2"));
    private SecretResolver resolver;
    private SecretrefMetrics metrics;

    private SecretResolver bind(SecretResolver.Builder builder) {
        resolver = builder.ticker(aws.ticker()).build();
        metrics = SecretrefMetrics.bind(resolver, registry);
        return resolver;
    }

    private SecretResolver.Builder awsManager() {
        return SecretResolver.builder().provider(ManagerDefinition.of("prod-aws", "aws", Map.of()), aws);
    }

    @AfterEach
    void close() {
        if (metrics != null) metrics.close();
        if (resolver != null) resolver.close();
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Timer timer(String result) {
        return registry.get("secretref.load.duration").tags("manager", "prod-aws", "provider", "aws", "result", result).timer();
    }

    @Test
    void aFirstResolveIsAMissAndATimedLoadAndTheSecondAHit() {
        bind(awsManager());

        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");

        String[] tags = {"manager", "prod-aws", "provider", "aws"};
        assertThat(count("secretref.cache.misses", tags)).isEqualTo(1);
        assertThat(count("secretref.loads", tags)).isEqualTo(1);
        assertThat(count("secretref.cache.hits", tags)).isEqualTo(1);
        assertThat(timer("success").count()).isEqualTo(1);
        assertThat(timer("success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(count("secretref.references", "manager", "prod-aws", "outcome", "resolved", "reason", "none")).isEqualTo(2);
    }

    @Test
    void aBatchCountsOneLoadPerPathEachTimedWithTheBatchCall() {
        bind(awsManager());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("db", "{{prod-aws|ap_sep_v1|prod/db:password}}");
        config.put("api", "{{prod-aws|ap_sep_v1|prod/api:key}}");

        resolver.resolve(config);

        assertThat(aws.fetchAllCalls()).isEqualTo(1);
        assertThat(count("secretref.loads", "manager", "prod-aws")).isEqualTo(2);
        assertThat(timer("success").count()).isEqualTo(2);
        assertThat(timer("success").max(TimeUnit.MILLISECONDS)).isEqualTo(40);
    }

    @Test
    void loadFailuresAreCountedByCodeAndReasonAndTimed() {
        bind(awsManager());

        assertThatThrownBy(() -> resolver.resolveString("{{prod-aws|ap_sep_v1|prod/missing}}"))
                .isInstanceOf(SecretManagerException.class);
        aws.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                .message("store down").build());
        assertThatThrownBy(() -> resolver.resolveString("{{prod-aws|ap_sep_v1|prod/api:key}}"))
                .isInstanceOf(SecretManagerException.class);

        assertThat(count("secretref.load.failures", "manager", "prod-aws", "provider", "aws",
                "code", "SECRET_MANAGER_GET_SECRET_FAILED", "reason", "NOT_FOUND")).isEqualTo(1);
        assertThat(count("secretref.load.failures", "manager", "prod-aws", "provider", "aws",
                "code", "SECRET_MANAGER_CONNECTION_FAILED", "reason", "UNREACHABLE")).isEqualTo(1);
        assertThat(count("secretref.loads", "manager", "prod-aws")).isZero();
        assertThat(timer("failure").count()).isEqualTo(2);
        assertThat(count("secretref.references", "outcome", "failed", "reason", "NOT_FOUND")).isEqualTo(1);
        assertThat(count("secretref.references", "outcome", "failed", "reason", "UNREACHABLE")).isEqualTo(1);
    }

    @Test
    void aDeniedReferenceIsCountedWithoutAnyCacheLookup() {
        bind(SecretResolver.builder().provider(ManagerDefinition.of("team", "hashicorp", Map.of()).scope(Scope.projects("p1")), aws));

        assertThatThrownBy(() -> resolver.resolveString("{{team|ap_sep_v1|prod/db:password}}", ResolutionContext.project("p2")))
                .isInstanceOf(SecretManagerException.class);

        assertThat(count("secretref.references", "manager", "team", "provider", "hashicorp", "outcome", "denied",
                "reason", "SCOPE_DENIED")).isEqualTo(1);
        assertThat(count("secretref.cache.misses", "manager", "team")).isZero();
        assertThat(aws.calls()).isZero();
    }

    @Test
    void anExpiredValueServedWhileTheStoreFailsIsCountedStale() {
        bind(awsManager().cachePolicy(CachePolicy.builder().ttl(Duration.ofMinutes(1)).maxStale(Duration.ofMinutes(10)).build()));
        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        aws.advance(Duration.ofMinutes(2));
        aws.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.TIMEOUT)
                .message("store slow").build());

        assertThat(resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}")).isEqualTo("pw-1");

        assertThat(count("secretref.cache.stale.served", "manager", "prod-aws")).isEqualTo(1);
        assertThat(count("secretref.load.failures", "manager", "prod-aws", "reason", "TIMEOUT")).isEqualTo(1);
    }

    @Test
    void sharedCacheHitsAreCountedAndItsGaugeFollowsItsState() {
        MapSharedCache shared = new MapSharedCache();
        shared.values.put("prod-aws|prod/db:password", "pw-1");
        bind(awsManager().sharedCache(shared));

        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        assertThat(count("secretref.shared.cache.hits", "manager", "prod-aws", "provider", "aws")).isEqualTo(1);
        assertThat(count("secretref.cache.misses", "manager", "prod-aws")).isEqualTo(1);
        assertThat(count("secretref.loads", "manager", "prod-aws")).isZero();
        assertThat(registry.get("secretref.shared.cache.available").gauge().value()).isEqualTo(1);

        shared.down = true;
        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/api:key}}");
        assertThat(registry.get("secretref.shared.cache.available").gauge().value()).isZero();
    }

    @Test
    void withoutASharedCacheThereIsNoSharedCacheGauge() {
        bind(awsManager());

        assertThat(registry.find("secretref.shared.cache.available").gauge()).isNull();
    }

    @Test
    void invalidationsAreCountedByScope() {
        bind(awsManager());

        resolver.invalidate("prod-aws", "prod/db:password");
        resolver.invalidate("prod-aws");

        assertThat(count("secretref.cache.invalidations", "manager", "prod-aws", "scope", "path")).isEqualTo(1);
        assertThat(count("secretref.cache.invalidations", "manager", "prod-aws", "scope", "manager")).isEqualTo(1);
    }

    @Test
    void resolvesFromManyThreadsAreAllCountedAndLoadedOnce() throws Exception {
        bind(awsManager());
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
                }));
            }
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(count("secretref.references", "manager", "prod-aws", "outcome", "resolved")).isEqualTo(threads * each);
        assertThat(count("secretref.loads", "manager", "prod-aws")).isEqualTo(1);
        assertThat(aws.calls()).isEqualTo(1);
    }

    @Test
    void aFailedBackgroundRefreshIsCountedAndASuccessfulOneIsALoad() {
        Queue<Runnable> background = new ConcurrentLinkedQueue<>();
        bind(awsManager().executor(background::add)
                .cachePolicy(CachePolicy.builder().ttl(Duration.ofMinutes(10)).refreshAhead(Duration.ofMinutes(1)).build()));
        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        aws.advance(Duration.ofMinutes(2));
        aws.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.THROTTLED)
                .message("slow down").build());

        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");      // served, refresh-ahead queued
        for (Runnable r; (r = background.poll()) != null; ) r.run();

        assertThat(count("secretref.refresh.failures", "manager", "prod-aws", "provider", "aws",
                "code", "SECRET_MANAGER_GET_SECRET_FAILED", "reason", "THROTTLED")).isEqualTo(1);
        assertThat(count("secretref.load.failures", "manager", "prod-aws")).isZero();

        aws.recover();
        aws.advance(Duration.ofMinutes(3));                                        // past the refresh backoff
        resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        for (Runnable r; (r = background.poll()) != null; ) r.run();
        assertThat(count("secretref.loads", "manager", "prod-aws")).isEqualTo(2);
    }
}
