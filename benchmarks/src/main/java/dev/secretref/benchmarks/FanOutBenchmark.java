package dev.secretref.benchmarks;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.testkit.CountingProvider;
import dev.secretref.testkit.FaultInjectingProvider;
import dev.secretref.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3: cold fan-out. One configuration of 100 distinct references spread over 4 managers (25
 * each), resolved with the cache disabled; each manager's in-memory provider sleeps 20 ms per call (a
 * whole batch counts as one call). The score is the wall time of one {@code resolve}; the secondary
 * results {@code resolves} and {@code providerCalls} are totals over the measurement (4 calls per
 * resolve = one batch per manager). Fetched one by one in sequence this would take 100 x 20 ms = 2 s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FanOutBenchmark {
    static final int MANAGERS = 4;
    static final int REFERENCES = 100;
    static final Duration LATENCY = Duration.ofMillis(20);

    @State(Scope.Benchmark)
    public static class Managers {
        final List<InMemorySecretProvider> providers = new ArrayList<>();
        final List<CountingProvider> counters = new ArrayList<>();
        SecretResolver resolver;
        Map<String, Object> config;

        @Setup(Level.Trial)
        public void setUp() {
            SecretResolver.Builder b = SecretResolver.builder().cachePolicy(CachePolicy.disabled());
            config = new LinkedHashMap<>();
            for (int m = 0; m < MANAGERS; m++) {
                InMemorySecretProvider p = new InMemorySecretProvider();
                CountingProvider counted = new CountingProvider(new FaultInjectingProvider(p).latency(LATENCY));
                providers.add(p);
                counters.add(counted);
                b.provider("m" + m, counted);
            }
            for (int r = 0; r < REFERENCES; r++) {
                int m = r % MANAGERS;
                String path = "prod/app/secret-" + r;
                providers.get(m).put(path, "value-" + r);
                config.put("key" + r, "{{m" + m + "|ap_sep_v1|" + path + "}}");
            }
            resolver = b.build();
            Map<String, Object> resolved = resolver.resolve(config);
            if (!"value-99".equals(resolved.get("key99"))) throw new IllegalStateException("fan-out did not resolve");
        }

        int calls() {
            int n = 0;
            for (CountingProvider p : counters) n += p.calls();
            return n;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            resolver.close();
        }
    }

    /** Resolves and provider calls, totalled over the measurement: 4 calls per resolve is one batch per manager. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Calls {
        public long resolves;
        public long providerCalls;

        @Setup(Level.Iteration)
        public void reset() {
            resolves = 0;
            providerCalls = 0;
        }
    }

    @Benchmark
    public Map<String, Object> resolve(Managers s, Calls c) {
        int before = s.calls();
        Map<String, Object> out = s.resolver.resolve(s.config);
        c.providerCalls += s.calls() - before;
        c.resolves++;
        return out;
    }
}
