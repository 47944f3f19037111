package dev.secretref.benchmarks;

import dev.secretref.SecretReference;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 5: the reference scanner, {@code SecretReference.findAll}, over a text of
 * {@code textBytes} characters holding one reference per 100 characters (1 MB holds 10,000), each line
 * also carrying a {@code {{step.output}}} literal that is not a reference. The score is texts per
 * second; the secondary result {@code references} is references found per second. Equal references per
 * second at 0.1, 1 and 10 MB means the cost is linear in the length of the text.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParserBenchmark {
    static final int BYTES_PER_REFERENCE = 100;

    @State(Scope.Benchmark)
    public static class Text {
        @Param({"100000", "1000000", "10000000"})
        int textBytes;

        String text;
        int expected;

        @Setup(Level.Trial)
        public void setUp() {
            text = text(textBytes);
            expected = textBytes / BYTES_PER_REFERENCE;
            int found = SecretReference.findAll(text).size();
            if (found != expected) throw new IllegalStateException("found " + found + " references, expected " + expected);
        }
    }

    /** One line of exactly {@value #BYTES_PER_REFERENCE} characters holding one reference. */
    static String line(int i) {
        StringBuilder sb = new StringBuilder(BYTES_PER_REFERENCE);
        sb.append("k").append(i % 1000).append(": url={{m").append(i % 4).append("|ap_sep_v1|prod/app-")
          .append(i).append("/key}} id={{step.output}} ");
        while (sb.length() < BYTES_PER_REFERENCE - 1) sb.append('x');
        sb.setLength(BYTES_PER_REFERENCE - 1);
        return sb.append('\n').toString();
    }

    static String text(int bytes) {
        StringBuilder sb = new StringBuilder(bytes);
        for (int i = 0; i < bytes / BYTES_PER_REFERENCE; i++) sb.append(line(i));
        return sb.toString();
    }

    /** References found, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Found {
        public long references;

        @Setup(Level.Iteration)
        public void reset() {
            references = 0;
        }
    }

    @Benchmark
    public List<SecretReference> findAll(Text t, Found found) {
        List<SecretReference> refs = SecretReference.findAll(t.text);
        found.references += refs.size();
        return refs;
    }
}
