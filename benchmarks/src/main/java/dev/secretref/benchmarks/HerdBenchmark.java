package dev.secretref.benchmarks;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.testkit.CountingProvider;
import dev.secretref.testkit.FaultInjectingProvider;
import dev.secretref.SecretResolver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: the thundering herd. Each operation is one herd on a cold key: before it (untimed) the
 * key is invalidated and {@value #CALLERS} already-started threads are parked on a latch; the timed part
 * releases them all at once, each calls {@code resolveString} on that key through a provider that sleeps
 * 20 ms, and ends when the {@code percentile}-th caller has its value. So the score is that latency
 * percentile of the herd's callers: {@code percentile=99} is the p99 (the 254th of 256 callers),
 * {@code 100} the slowest caller, {@code 50} the median. After each herd (untimed) the rest of the callers
 * are awaited and the provider calls counted: the secondary results {@code providerCalls} and
 * {@code herds} are totals over the measurement, equal when every herd made exactly one call, and
 * {@code herdsWithExtraCalls} counts herds that made more than one (single flight means 0).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HerdBenchmark {
    static final int CALLERS = 256;
    static final String REFERENCE = "{{m|ap_sep_v1|prod/db:password}}";
    static final String VALUE = "herd-value";

    @State(Scope.Benchmark)
    public static class Herd {
        @Param({"50", "99", "100"})
        int percentile;

        CountingProvider provider;
        SecretResolver resolver;
        ThreadPoolExecutor callers;

        CountDownLatch start;
        CountDownLatch reached;
        CountDownLatch done;
        AtomicReference<Throwable> failure;
        int callsBefore;

        @Setup(Level.Trial)
        public void setUp() {
            provider = new CountingProvider(new FaultInjectingProvider(new InMemorySecretProvider().put("prod/db:password", VALUE))
                    .latency(Duration.ofMillis(20)));
            resolver = SecretResolver.builder().provider("m", provider).cachePolicy(CachePolicy.defaults()).build();
            callers = new ThreadPoolExecutor(CALLERS, CALLERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
            callers.prestartAllCoreThreads();
        }

        /** Untimed: a cold key and {@value #CALLERS} callers parked on the start latch. */
        @Setup(Level.Invocation)
        public void gather() throws InterruptedException {
            resolver.invalidate("m");
            callsBefore = provider.calls();
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch atPercentile = new CountDownLatch((int) Math.ceil(percentile / 100.0 * CALLERS));
            CountDownLatch all = new CountDownLatch(CALLERS);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (int i = 0; i < CALLERS; i++) {
                callers.execute(() -> {
                    try {
                        ready.countDown();
                        go.await();
                        String v = resolver.resolveString(REFERENCE);
                        if (!VALUE.equals(v)) failed.compareAndSet(null, new IllegalStateException("wrong value"));
                    } catch (Throwable t) {
                        failed.compareAndSet(null, t);
                    } finally {
                        atPercentile.countDown();
                        all.countDown();
                    }
                });
            }
            ready.await();
            start = go;
            reached = atPercentile;
            done = all;
            failure = failed;
        }

        /** Untimed: the rest of the herd, then its provider calls. */
        @TearDown(Level.Invocation)
        public void disperse(Calls calls) throws InterruptedException {
            done.await();
            if (failure.get() != null) throw new IllegalStateException("a caller failed", failure.get());
            calls.add(provider.calls() - callsBefore);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            callers.shutdownNow();
            resolver.close();
        }
    }

    /** Provider calls, totalled over the measurement. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Calls {
        public long herds;
        public long providerCalls;
        public long herdsWithExtraCalls;

        @Setup(Level.Iteration)
        public void reset() {
            herds = 0;
            providerCalls = 0;
            herdsWithExtraCalls = 0;
        }

        void add(int calls) {
            herds++;
            providerCalls += calls;
            if (calls != 1) herdsWithExtraCalls++;
        }
    }

    @Benchmark
    public void herd(Herd h) throws InterruptedException {
        h.start.countDown();
        h.reached.await();
    }
}
