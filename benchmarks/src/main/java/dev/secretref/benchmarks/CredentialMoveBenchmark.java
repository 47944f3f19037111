package dev.secretref.benchmarks;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.store.CredentialStore;
import dev.secretref.store.MoveProgress;
import dev.secretref.store.Routing;
import dev.secretref.testkit.FaultInjectingProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
 * Benchmark 7b: a move of every credential between two stores with 2 ms latency per call, while four threads
 * read random credentials without pause. {@code credentials} credentials of 4 fields live in manager {@code a};
 * each measured operation switches the default routing to the other manager and waits for
 * {@link MoveProgress#completion()} (every credential points at its target; deleting the sources after the grace
 * period is not part of it). The score is the time of one move; credentials moved per second is
 * {@code moved} / time. {@code failedReads} (a read that threw or answered other fields) must be 0. {@code db}:
 * H2 in memory or the machine's PostgreSQL (127.0.0.1:5432, database test, user postgres). Store settings are
 * the defaults (4 move workers, pointer ttl 5 s, grace 10 s: the source deletions that fall due while a long move
 * runs share its workers, as they would in production).
 *
 * <p>One measured move per fork and no warmup move: a move of 10,000 credentials takes tens of seconds, which is
 * long enough for the JIT to settle within the first few hundred credentials, and a second move would overlap the
 * first one's source deletions. Two forks give the fork-to-fork spread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CredentialMoveBenchmark {
    static final Duration LATENCY = Duration.ofMillis(2);
    static final int READERS = 4;

    @Param({"h2", "postgres"})
    String db;

    @Param({"10000"})
    int credentials;

    BenchDatabase database;
    FaultInjectingProvider a;
    FaultInjectingProvider b;
    SecretResolver resolver;
    CredentialStore store;
    String current = "a";
    ExecutorService readerPool;
    final AtomicBoolean reading = new AtomicBoolean();
    final LongAdder reads = new LongAdder();
    final LongAdder failedReads = new LongAdder();
    final List<Future<?>> readers = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        database = BenchDatabase.open(db);
        a = new FaultInjectingProvider(new InMemorySecretProvider());
        b = new FaultInjectingProvider(new InMemorySecretProvider());
        resolver = SecretResolver.builder().provider("a", a).provider("b", b).cachePolicy(CachePolicy.defaults()).build();
        store = CredentialStore.builder().resolver(resolver).dataSource(database.dataSource).keys(KeyRing.generate())
                .tablePrefix(database.prefix).routing(Routing.builder().defaultManager("a").build()).build();
        ExecutorService fill = Executors.newFixedThreadPool(4);
        List<Future<?>> puts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            puts.add(fill.submit(() -> {
                for (int i = first; i < credentials; i += 4) store.put(id(i), "production", fields(i));
            }));
        }
        for (Future<?> f : puts) f.get();
        fill.shutdown();
        a.latency(LATENCY);
        b.latency(LATENCY);
        readerPool = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "reader");
            t.setDaemon(true);
            return t;
        });
    }

    static String id(int i) { return "conn-" + i; }

    static Map<String, String> fields(int i) {
        return Map.of("host", "db-" + i + ".internal", "port", "5432", "username", "user-" + i, "password", "pw-" + i);
    }

    /** The four readers, reading random credentials without pause until the iteration ends. */
    @Setup(Level.Iteration)
    public void startReaders() {
        reading.set(true);
        for (int r = 0; r < READERS; r++) {
            readers.add(readerPool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (reading.get()) {
                    int i = random.nextInt(credentials);
                    try {
                        if (!store.get(id(i)).equals(fields(i))) failedReads.increment();
                    } catch (RuntimeException e) {
                        failedReads.increment();
                    }
                    reads.increment();
                }
            }));
        }
    }

    @TearDown(Level.Iteration)
    public void stopReaders() throws Exception {
        reading.set(false);
        for (Future<?> f : readers) f.get(30, TimeUnit.SECONDS);
        readers.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        readerPool.shutdownNow();
        store.close();
        resolver.close();
        database.close();
    }

    /** Credentials moved, reads and failed reads during the moves (totals over the measurement). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long moved;
        public long moveFailures;
        public long reads;
        public long failedReads;

        @Setup(Level.Iteration)
        public void reset() {
            moved = 0;
            moveFailures = 0;
            reads = 0;
            failedReads = 0;
        }
    }

    @Benchmark
    public MoveProgress move(Counts c) throws Exception {
        long readsBefore = reads.sum();
        long failedBefore = failedReads.sum();
        String target = current.equals("a") ? "b" : "a";
        MoveProgress p = store.setRouting(Routing.builder().defaultManager(target).build());
        p.completion().get(10, TimeUnit.MINUTES);
        current = target;
        c.moved += p.moved();
        c.moveFailures += p.failed();
        c.reads += reads.sum() - readsBefore;
        c.failedReads += failedReads.sum() - failedBefore;
        return p;
    }
}
