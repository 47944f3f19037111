package dev.secretref.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once with tiny settings (1 fork, 1 warmup and 1 measurement iteration of 200 ms)
 * so that a broken benchmark fails the build. It asserts that each benchmark produced a result and
 * counts calls (single flight, one batch per manager, a warm AWS cache that never calls its client);
 * it never asserts a timing: speed is measured only by the full run (see README.md).
 */
final class BenchmarkSmokeTest {

    @Test
    void theSmokeRunDoesNotWaitForOtherJmhRunsOnTheMachine() {
        // JMH exits when another run holds ${java.io.tmpdir}/jmh.lock; the build sets both properties (pom.xml)
        assertThat(Boolean.getBoolean("jmh.ignoreLock")).as("-Djmh.ignoreLock=true reaches the test JVM").isTrue();
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize())
                .as("the smoke run's own temp dir").isNotEqualTo(Path.of("/tmp"));
    }

    @Test
    void everyBenchmarkRunsAndTheCallCountsHold() throws Exception {
        Options options = new OptionsBuilder()
                .include("dev\\.secretref\\.benchmarks\\..*")
                .forks(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .param("managers", "4")
                .param("percentile", "99")
                .param("textBytes", "1000000")
                .shouldFailOnError(true)       // a benchmark or fixture that throws fails the run
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byName = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            byName.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), r);
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(Set.of(
                "CacheHitBenchmark.t1_secretref", "CacheHitBenchmark.t1_awsSecretCache",
                "CacheHitBenchmark.t1_caffeine", "CacheHitBenchmark.t1_concurrentHashMap",
                "CacheHitBenchmark.t8_secretref", "CacheHitBenchmark.t8_awsSecretCache",
                "CacheHitBenchmark.t8_caffeine", "CacheHitBenchmark.t8_concurrentHashMap",
                "DeepResolveBenchmark.resolveJsonNode", "DeepResolveBenchmark.resolveMap",
                "DeepResolveBenchmark.jacksonDeepCopy",
                "FanOutBenchmark.resolve",
                "HerdBenchmark.herd",
                "ParserBenchmark.findAll",
                "HitBreakdownBenchmark.nanoTime", "HitBreakdownBenchmark.asyncFixedExpiryGet",
                "HitBreakdownBenchmark.asyncVariableExpiryGet", "HitBreakdownBenchmark.asyncVariableExpiryGetAndAge"));
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getSampleCount()).as(r.getParams().getBenchmark()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive();
        }

        Map<String, Result> herd = byName.get("HerdBenchmark.herd").getSecondaryResults();
        assertThat(herd.get("herds").getScore()).isPositive();
        assertThat(herd.get("providerCalls").getScore()).isEqualTo(herd.get("herds").getScore());
        assertThat(herd.get("herdsWithExtraCalls").getScore()).isZero();

        Map<String, Result> fanOut = byName.get("FanOutBenchmark.resolve").getSecondaryResults();
        assertThat(fanOut.get("resolves").getScore()).isPositive();
        assertThat(fanOut.get("providerCalls").getScore())
                .isEqualTo(FanOutBenchmark.MANAGERS * fanOut.get("resolves").getScore());

        assertThat(byName.get("ParserBenchmark.findAll").getSecondaryResults().get("references").getScore()).isPositive();
    }
}
