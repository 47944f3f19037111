package dev.secretref.benchmarks;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.store.CredentialStore;
import dev.secretref.store.Routing;
import dev.secretref.store.StoredCredential;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Benchmark 7a: reading a 4-field credential through the credential store on a warm cache,
 * {@code store.get("conn-1")} (pointer cache, then the resolver), against {@code resolver.resolve} of the same
 * four references ({@link StoredCredential#references()}), 1 thread. The store is on H2 in memory; a warm read
 * touches the database only when its pointer is older than {@code pointerTtl} (5 s), about once per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class CredentialStoreBenchmark {
    static final String ID = "conn-1";

    BenchDatabase db;
    SecretResolver resolver;
    CredentialStore store;
    Map<String, String> references;
    Map<String, String> fields;

    @Setup(Level.Trial)
    public void setUp() {
        db = BenchDatabase.open("h2");
        resolver = SecretResolver.builder().provider("vault", new InMemorySecretProvider())
                .cachePolicy(CachePolicy.defaults()).build();
        store = CredentialStore.builder().resolver(resolver).dataSource(db.dataSource).keys(KeyRing.generate())
                .tablePrefix(db.prefix).routing(Routing.builder().defaultManager("vault").build()).build();
        fields = new LinkedHashMap<>();
        fields.put("host", "db.internal.example");
        fields.put("port", "5432");
        fields.put("username", "app");
        fields.put("password", "s3cr3t-value-0123456789");
        StoredCredential c = store.put(ID, "production", fields);
        references = new LinkedHashMap<>(c.references());
        if (!store.get(ID).equals(fields) || !resolver.resolve(references).equals(fields)) {
            throw new IllegalStateException("the credential did not read back");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        resolver.close();
        db.close();
    }

    @Benchmark
    public Map<String, String> storeGet() {
        return store.get(ID);
    }

    @Benchmark
    public Map<String, String> resolveReferences() {
        return resolver.resolve(references);
    }
}
