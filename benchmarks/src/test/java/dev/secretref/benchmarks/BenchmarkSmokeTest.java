package dev.secretref.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once with tiny settings (in the test's JVM, 1 warmup and 1 measurement iteration of 200 ms, smaller
 * inputs where a full operation takes seconds) so that a broken benchmark fails the build. It asserts that each
 * benchmark produced a result and the deterministic counts (single flight, one batch per manager, one request per
 * provider call, each secret read once for ten nodes, no failed read during a move); it never asserts a timing:
 * speed is measured only by the full run (see BENCHMARKS.md). The shared-cache and move benchmarks need the
 * machine's Redis and PostgreSQL: they are skipped when those are unreachable, unless
 * {@code -Dsecretref.requireServices} is set, which makes that a failure.
 */
final class BenchmarkSmokeTest {

    @Test
    void theSmokeRunDoesNotWaitForOtherJmhRunsOnTheMachine() {
        // JMH exits when another run holds ${java.io.tmpdir}/jmh.lock; the build sets both properties (pom.xml)
        assertThat(Boolean.getBoolean("jmh.ignoreLock")).as("-Djmh.ignoreLock=true reaches the test JVM").isTrue();
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize())
                .as("the smoke run's own temp dir").isNotEqualTo(Path.of("/tmp"));
    }

    private static ChainedOptionsBuilder smoke() {
        return new OptionsBuilder()
                .forks(0)                      // in the test's JVM: no fork start-up per benchmark (timings are not looked at)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true);      // a benchmark or fixture that throws (a count check in a teardown) fails the run
    }

    /** Results by "Class.method" (one per method: tests pass one value per parameter) or "Class.method@param". */
    private static Map<String, RunResult> run(ChainedOptionsBuilder options, String paramKey) throws Exception {
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, RunResult> byName = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            if (paramKey != null && r.getParams().getParam(paramKey) != null) shortName += "@" + r.getParams().getParam(paramKey);
            byName.put(shortName, r);
            assertThat(r.getPrimaryResult().getSampleCount()).as(name).isPositive();
            assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
        }
        return byName;
    }

    private static double count(RunResult r, String counter) {
        Result<?> c = r.getSecondaryResults().get(counter);
        assertThat(c).as(counter + " of " + r.getParams().getBenchmark()).isNotNull();
        return c.getScore();
    }

    @Test
    void everyBenchmarkWithoutExternalServicesRunsAndTheCallCountsHold() throws Exception {
        Map<String, RunResult> byName = run(smoke()
                .include("dev\\.secretref\\.benchmarks\\..*")
                .exclude("SharedCacheBenchmark|CredentialMoveBenchmark")
                .param("managers", "4")
                .param("percentile", "99")
                .param("textBytes", "1000000"), "service");
        List<String> expected = new ArrayList<>(List.of(
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
                "HitBreakdownBenchmark.asyncVariableExpiryGet", "HitBreakdownBenchmark.asyncVariableExpiryGetAndAge",
                "CredentialStoreBenchmark.storeGet", "CredentialStoreBenchmark.resolveReferences",
                "SpringStartupBenchmark.withSecretref", "SpringStartupBenchmark.withoutSecretref"));
        for (String service : CannedService.SERVICES) {
            for (String m : List.of("t1_provider", "t1_bareHttpGet", "t8_provider", "t8_bareHttpGet")) {
                expected.add("ProviderOverheadBenchmark." + m + "@" + service);
            }
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(Set.copyOf(expected));

        RunResult herd = byName.get("HerdBenchmark.herd");
        assertThat(count(herd, "herds")).isPositive();
        assertThat(count(herd, "providerCalls")).isEqualTo(count(herd, "herds"));
        assertThat(count(herd, "herdsWithExtraCalls")).isZero();

        RunResult fanOut = byName.get("FanOutBenchmark.resolve");
        assertThat(count(fanOut, "resolves")).isPositive();
        assertThat(count(fanOut, "providerCalls")).isEqualTo(FanOutBenchmark.MANAGERS * count(fanOut, "resolves"));

        assertThat(count(byName.get("ParserBenchmark.findAll"), "references")).isPositive();

        // each provider call was one secret request (a rare retry aside) to the fake (checked in the trial's teardown) and some ran
        for (String service : CannedService.SERVICES) {
            assertThat(count(byName.get("ProviderOverheadBenchmark.t1_provider@" + service), "providerCalls")).as(service).isPositive();
            assertThat(count(byName.get("ProviderOverheadBenchmark.t8_provider@" + service), "providerCalls")).as(service).isPositive();
        }
    }

    @Test
    void tenColdNodesReadEachSecretFromTheStoreOnceAndASharedHitNeverCallsIt() throws Exception {
        requireService("Redis", 6379);
        Map<String, RunResult> byName = run(smoke().include("SharedCacheBenchmark")
                .param("loadWaitMillis", "5000"), null);    // counts, not timing: no node gives up waiting on a loaded machine
        assertThat(byName.keySet()).containsExactlyInAnyOrder(
                "SharedCacheBenchmark.coldStart", "SharedCacheBenchmark.sharedHit", "SharedCacheBenchmark.storeRead");

        RunResult cold = byName.get("SharedCacheBenchmark.coldStart");
        assertThat(count(cold, "starts")).isEqualTo(1);
        assertThat(count(cold, "storeReads")).as("secrets read from the store by ten cold nodes")
                .isEqualTo(SharedCacheBenchmark.SECRETS * count(cold, "starts"));

        RunResult hit = byName.get("SharedCacheBenchmark.sharedHit");
        assertThat(count(hit, "sharedHits")).isPositive();
        assertThat(count(hit, "storeCalls")).isZero();
    }

    @Test
    void aMoveUnderFourReadersFailsNoReadOnH2AndPostgres() throws Exception {
        requireService("PostgreSQL", 5432);
        Map<String, RunResult> byName = run(smoke().include("CredentialMoveBenchmark").warmupIterations(0)
                .param("credentials", "200"), "db");
        assertThat(byName.keySet()).containsExactlyInAnyOrder("CredentialMoveBenchmark.move@h2", "CredentialMoveBenchmark.move@postgres");
        for (RunResult move : byName.values()) {
            String db = move.getParams().getParam("db");
            assertThat(count(move, "moved")).as("moved on " + db).isEqualTo(200);
            assertThat(count(move, "moveFailures")).as("move failures on " + db).isZero();
            assertThat(count(move, "reads")).as("reads during the move on " + db).isPositive();
            assertThat(count(move, "failedReads")).as("failed reads on " + db).isZero();
        }
    }

    /** Skips unless the service is reachable; with -Dsecretref.requireServices set, fails instead. */
    private static void requireService(String name, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return;
        } catch (IOException unreachable) {
            String v = System.getProperty("secretref.requireServices");
            if (v != null && !v.isBlank() && !v.startsWith("${") && !v.equalsIgnoreCase("false")) {
                fail(name + " is not reachable at 127.0.0.1:" + port + " and -Dsecretref.requireServices is set");
            }
            Assumptions.abort(name + " is not reachable at 127.0.0.1:" + port);
        }
    }
}
