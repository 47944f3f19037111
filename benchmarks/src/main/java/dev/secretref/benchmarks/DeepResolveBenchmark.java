package dev.secretref.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Benchmark 2: deep resolution of a 10,000-node configuration holding 1,000 references, all cached,
 * as a Jackson {@code JsonNode} and as a {@code Map}; side by side, Jackson {@code deepCopy()} of the
 * same tree. {@code managers} spreads the references over 1 or 4 managers (4 exercises the parallel
 * per-manager path even when every value is cached).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DeepResolveBenchmark {

    /** The tree alone, for the deepCopy baseline. */
    @State(Scope.Benchmark)
    public static class Tree {
        JsonNode tree;

        @Setup(Level.Trial)
        public void setUp() {
            tree = ConfigTree.build(1);
        }
    }

    /** The tree, the same configuration as a Map, and a resolver whose cache holds every reference. */
    @State(Scope.Benchmark)
    public static class Resolving {
        @Param({"1", "4"})
        int managers;

        JsonNode tree;
        Map<String, Object> map;
        SecretResolver resolver;

        @Setup(Level.Trial)
        public void setUp() {
            tree = ConfigTree.build(managers);
            map = new ObjectMapper().convertValue(tree, new TypeReference<Map<String, Object>>() { });
            SecretResolver.Builder b = SecretResolver.builder().cachePolicy(CachePolicy.defaults());
            ConfigTree.secrets(managers).forEach((name, secrets) -> b.provider(name, new InMemorySecretProvider(secrets)));
            resolver = b.build();
            JsonNode resolved = resolver.resolve(tree);                   // warms the cache
            if (ConfigTree.references(resolved) != 0 || ConfigTree.references(tree) != ConfigTree.REFERENCES) {
                throw new IllegalStateException("the tree did not resolve completely");
            }
            resolver.resolve(map);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            resolver.close();
        }
    }

    @Benchmark
    public JsonNode resolveJsonNode(Resolving s) {
        return s.resolver.resolve(s.tree);
    }

    @Benchmark
    public Map<String, Object> resolveMap(Resolving s) {
        return s.resolver.resolve(s.map);
    }

    @Benchmark
    public JsonNode jacksonDeepCopy(Tree s) {
        return s.tree.deepCopy();
    }
}
