package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache's promises, proven by counting provider calls; time is a {@link FakeTicker}, never a sleep. */
final class CachingTest {
    private static final String REF = "{{m|ap_sep_v1|db/password}}";
    private static final SecretManagerException DOWN = SecretManagerException
            .builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.UNREACHABLE).message("store is down").build();

    private final FakeTicker ticker = new FakeTicker();
    private final Queue<Runnable> background = new ConcurrentLinkedQueue<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final InMemorySecretProvider store = new InMemorySecretProvider(Map.of("db/password", "v1"));
    private final CountingProvider provider = new CountingProvider(store);
    private SecretResolver resolver;

    private SecretResolver resolver(CachePolicy policy) {
        resolver = SecretResolver.builder()
                .provider("m", provider)
                .cachePolicy(policy)
                .ticker(ticker)
                .executor(background::add)
                .listener(new SecretResolverListener() {
                    @Override public void onHit(String m, String p) { events.add("hit " + p); }
                    @Override public void onMiss(String m, String p) { events.add("miss " + p); }
                    @Override public void onLoadSuccess(String m, String p, Duration took) { events.add("loaded " + p); }
                    @Override public void onLoadFailure(String m, String p, Duration took, SecretManagerException e) { events.add("failed " + p + " " + e.reason()); }
                    @Override public void onStaleServed(String m, String p, Duration age, SecretManagerException e) { events.add("stale " + p + " " + age.toMinutes() + "m"); }
                    @Override public void onRefreshFailed(String m, String p, SecretManagerException e) { events.add("refresh-failed " + p); }
                    @Override public void onInvalidated(String m, String p) { events.add("invalidated " + p); }
                    @Override public void onInvalidatedAll(String m) { events.add("invalidated all"); }
                })
                .build();
        return resolver;
    }

    private void runBackground() {
        for (Runnable r; (r = background.poll()) != null; ) r.run();
    }

    @AfterEach
    void close() {
        if (resolver != null) resolver.close();
    }

    @Test
    void twoHundredFiftySixThreadsOnOneColdReferenceCauseOneProviderCall() throws Exception {
        CountDownLatch started = new CountDownLatch(256);
        SecretResolver r = SecretResolver.builder().provider("m", store).build();
        resolver = r;
        store.latency(Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(256);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                results.add(pool.submit(() -> {
                    started.countDown();
                    started.await();
                    return r.resolveString(REF);
                }));
            }
            for (Future<String> f : results) assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("v1");
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.calls()).isEqualTo(1);
    }

    @Test
    void oneResolveOfThreeHundredReferencesToFortyPathsIsOneBatchThenNothing() {
        for (int i = 0; i < 40; i++) store.put("p" + i, "v" + i);
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) config.put("k" + i, "x{{m|ap_sep_v1|p" + (i % 40) + "}}");
        SecretResolver r = resolver(CachePolicy.defaults());

        Map<String, Object> out = r.resolve(config);
        assertThat(out.get("k299")).isEqualTo("xv19");
        assertThat(provider.batches).containsExactly(40);
        assertThat(provider.fetches.get()).isZero();

        r.resolve(config);
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    void afterTtlTheValueIsReloadedOnce() {
        SecretResolver r = resolver(CachePolicy.builder().ttl(Duration.ofMinutes(10)).refreshAhead(Duration.ofMinutes(10)).build());
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        store.put("db/password", "v2");
        ticker.advance(Duration.ofMinutes(9));
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(provider.calls()).isEqualTo(1);
        ticker.advance(Duration.ofMinutes(2));
        assertThat(r.resolveString(REF)).isEqualTo("v2");
        assertThat(r.resolveString(REF)).isEqualTo("v2");
        assertThat(provider.calls()).isEqualTo(2);
    }

    @Test
    void duringRefreshAheadTheOldValueIsServedAndOneBackgroundLoadRuns() {
        SecretResolver r = resolver(CachePolicy.builder().ttl(Duration.ofMinutes(10)).build());   // refreshAhead = 8 min
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        store.put("db/password", "v2");
        ticker.advance(Duration.ofMinutes(9));

        assertThat(r.resolveString(REF)).isEqualTo("v1");     // served at once, refresh queued
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(provider.calls()).isEqualTo(1);
        assertThat(background).hasSize(1);

        runBackground();
        assertThat(provider.calls()).isEqualTo(2);
        assertThat(r.resolveString(REF)).isEqualTo("v2");
        assertThat(provider.calls()).isEqualTo(2);
    }

    @Test
    void storeDownServesStaleWithinMaxStaleThenFails() {
        SecretResolver r = resolver(CachePolicy.builder().ttl(Duration.ofMinutes(1)).maxStale(Duration.ofMinutes(10))
                .refreshAhead(Duration.ofMinutes(1)).build());
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        store.failWith(DOWN);

        ticker.advance(Duration.ofMinutes(2));
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(events).contains("stale db/password 2m");
        int afterFirstFailure = provider.calls();
        assertThat(afterFirstFailure).isEqualTo(2);

        for (int i = 0; i < 50; i++) assertThat(r.resolveString(REF)).isEqualTo("v1");   // backing off: no calls
        assertThat(provider.calls()).isEqualTo(afterFirstFailure);

        ticker.advance(Duration.ofMinutes(10));                 // 12 min old: past ttl + maxStale
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(REF));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.manager()).isEqualTo("m");
    }

    @Test
    void uncachedKeyFailsAtOnceAndIsNotAskedAgainWhileBackingOff() {
        SecretResolver r = resolver(CachePolicy.defaults());
        store.failWith(DOWN);
        for (int i = 0; i < 20; i++) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(REF));
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        }
        assertThat(provider.calls()).isEqualTo(1);
        store.recover();
        ticker.advance(Duration.ofSeconds(1));                  // first backoff is at most 1 s
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(provider.calls()).isEqualTo(2);
    }

    @Test
    void backoffDoublesPerFailureUpToItsMaximum() {
        SecretResolver r = resolver(CachePolicy.builder().errorBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)).build());
        store.failWith(DOWN);
        List<Integer> callsAfter = new ArrayList<>();
        for (int step = 0; step < 8; step++) {
            catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(REF));
            callsAfter.add(provider.calls());
            ticker.advance(Duration.ofMillis(1100));
        }
        // waits (with jitter, in [d/2, d]): 1 s, 2 s, 4 s, 4 s... probed every 1.1 s: at most 1 call per 1.1 s,
        // and strictly fewer than one per probe once the backoff has grown
        assertThat(callsAfter.get(0)).isEqualTo(1);
        assertThat(callsAfter.get(7)).isBetween(3, 6);
    }

    @Test
    void notFoundIsRememberedForNotFoundTtlThenAskedAgain() {
        SecretResolver r = resolver(CachePolicy.defaults());
        String ref = "{{m|ap_sep_v1|later}}";
        for (int i = 0; i < 5; i++) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(ref));
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        }
        assertThat(provider.calls()).isEqualTo(1);
        store.put("later", "now-here");
        ticker.advance(Duration.ofSeconds(29));
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(ref))).isNotNull();
        ticker.advance(Duration.ofSeconds(2));
        assertThat(r.resolveString(ref)).isEqualTo("now-here");
        assertThat(provider.calls()).isEqualTo(2);
    }

    @Test
    void testConnectionCachesSuccessForThirtySecondsAndNeverCachesFailure() {
        SecretResolver r = resolver(CachePolicy.defaults());
        assertThat(r.testConnection("m").connected()).isTrue();
        assertThat(r.testConnection("m").connected()).isTrue();
        assertThat(provider.checks.get()).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(31));
        provider.checkFailure = DOWN;
        ConnectionStatus failed = r.testConnection("m");
        assertThat(failed.connected()).isFalse();
        assertThat(failed.error()).get().extracting(SecretManagerException::code).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(r.testConnection("m").connected()).isFalse();
        assertThat(provider.checks.get()).isEqualTo(3);
        provider.checkFailure = null;
        assertThat(r.testConnection("m").connected()).isTrue();
        r.invalidate("m");                                      // drops the cached status too
        assertThat(r.testConnection("m").connected()).isTrue();
        assertThat(provider.checks.get()).isEqualTo(5);
    }

    @Test
    void invalidationDropsOnePathOrAllAndIsReported() {
        store.put("other", "o1");
        SecretResolver r = resolver(CachePolicy.defaults());
        r.resolve(List.of(REF, "{{m|ap_sep_v1|other}}"));
        store.put("db/password", "v2").put("other", "o2");
        r.invalidate("m", "db/password");
        assertThat(r.resolve(List.of(REF, "{{m|ap_sep_v1|other}}"))).containsExactly("v2", "o1");
        r.clearCache();
        assertThat(r.resolve(List.of(REF, "{{m|ap_sep_v1|other}}"))).containsExactly("v2", "o2");
        assertThat(events).contains("invalidated db/password", "invalidated all");
    }

    @Test
    void disabledCacheAsksTheStoreEveryTimeButOncePerCall() {
        SecretResolver r = resolver(CachePolicy.disabled());
        r.resolve(List.of(REF, REF, "a {{m|ap_sep_v1|db/password}}"));
        r.resolveString(REF);
        assertThat(provider.calls()).isEqualTo(2);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakResolution() {
        resolver = SecretResolver.builder().provider("m", provider).listener(new SecretResolverListener() {
            @Override public void onMiss(String m, String p) { throw new IllegalStateException("boom"); }
            @Override public void onHit(String m, String p) { throw new IllegalStateException("boom"); }
        }).build();
        assertThat(resolver.resolveString(REF)).isEqualTo("v1");
        assertThat(resolver.resolveString(REF)).isEqualTo("v1");
    }

    @Test
    void policyPrecedenceIsManagerThenResolverThenProvider() {
        resolver = SecretResolver.builder()
                .cachePolicy(CachePolicy.disabled())
                .manager(ManagerDefinition.of("cached", "memory", Map.of("values", Map.of("k", "v")))
                        .cachePolicy(CachePolicy.defaults()))
                .manager("uncached", "memory", Map.of("values", Map.of("k", "v")))
                .build();
        assertThat(managerPolicy("cached")).isEqualTo(CachePolicy.defaults());
        assertThat(managerPolicy("uncached")).isEqualTo(CachePolicy.disabled());
        SecretResolver plain = SecretResolver.builder().manager("p", "memory", Map.of()).build();
        try {
            assertThat(plain.managerPolicyForTest("p")).isEqualTo(new dev.secretref.internal.providers.MemoryProviderFactory().defaultCachePolicy());
        } finally {
            plain.close();
        }
    }

    private CachePolicy managerPolicy(String name) {
        return resolver.managerPolicyForTest(name);
    }

    @Test
    void afterInvalidateReturnsNoCallerSeesAValueLoadedBeforeIt() throws Exception {
        AtomicLong version = new AtomicLong();
        AtomicLong published = new AtomicLong();
        resolver = SecretResolver.builder().provider("m", new dev.secretref.spi.SecretProvider() {
            @Override public String fetch(String path) { return Long.toString(version.get()); }
            @Override public void checkConnection() { }
        }).build();
        SecretResolver r = resolver;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> invalidator = pool.submit(() -> {
                while (!stop.get()) {
                    long v = version.incrementAndGet();
                    r.invalidate("m");
                    published.set(v);
                    Thread.onSpinWait();
                }
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                readers.add(pool.submit(() -> {
                    int stale = 0;
                    for (int i = 0; i < 200_000; i++) {
                        long floor = published.get();
                        long seen = Long.parseLong(r.resolveString(REF));
                        if (seen < floor) stale++;
                    }
                    return stale;
                }));
            }
            for (Future<Integer> f : readers) assertThat(f.get(120, TimeUnit.SECONDS)).isZero();
            stop.set(true);
            invalidator.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(version.get()).isGreaterThan(10);
    }

    @Test
    void closingStopsBackgroundRefresh() {
        SecretResolver r = SecretResolver.builder().provider("m", provider).ticker(ticker)
                .cachePolicy(CachePolicy.builder().ttl(Duration.ofMinutes(10)).build()).build();
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        r.close();
        ticker.advance(Duration.ofMinutes(9));
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.resolveString(REF)).reason()).isEqualTo(Reason.CLOSED);
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    void aConnectionCheckOverlappingInvalidateIsNotRemembered() {
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        SecretResolver[] self = new SecretResolver[1];
        resolver = SecretResolver.builder().provider("m", new dev.secretref.spi.SecretProvider() {
            @Override public String fetch(String path) { return "v"; }
            @Override public void checkConnection() {
                if (probes.incrementAndGet() == 1) self[0].invalidate("m");   // invalidated while probing
            }
        }).ticker(ticker).build();
        self[0] = resolver;
        assertThat(resolver.testConnection("m").connected()).isTrue();
        assertThat(resolver.testConnection("m").connected()).isTrue();
        assertThat(resolver.testConnection("m").connected()).isTrue();
        assertThat(probes.get()).isEqualTo(2);
    }
}
