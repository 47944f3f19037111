package dev.secretref.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Benchmark 9: Spring Boot start-up. A non-web application with auto-configuration whose one bean reads 100
 * properties {@code app.p0 … app.p99}:
 * <ul>
 *   <li>{@code withSecretref}: each property is a reference {@code {{vault|ap_sep_v1|app/p<i>}}} to a
 *       {@code memory} manager configured in the same properties (the spring-boot module resolves all 100 in one
 *       call when the environment is ready, then serves them from its cache);</li>
 *   <li>{@code withoutSecretref}: the same application with the plain values and {@code secretref.enabled=false}
 *       (secretref on the class path but switched off, which is what an application without it costs).</li>
 * </ul>
 * Each operation is one {@code SpringApplication.run} and {@code close} in a JVM that has already started the
 * application 15 times (the warmup: the first start takes ~1.3 s, the next ones settle after about ten), so the
 * score is a warm start, not a JVM start.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 15, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.springframework.boot.logging.LoggingSystem=none"})
public class SpringStartupBenchmark {
    static final int PROPERTIES = 100;

    /** The application: one bean reading every property. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class App {
        @Bean
        public Settings settings(Environment env) {
            String[] values = new String[PROPERTIES];
            for (int i = 0; i < PROPERTIES; i++) values[i] = env.getProperty("app.p" + i);
            return new Settings(values);
        }
    }

    /** What the bean read. */
    public record Settings(String[] values) { }

    static String value(int i) { return "value-" + i + "-0123456789abcdef"; }

    static Map<String, Object> properties(boolean secretref) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (secretref) {
            p.put("secretref.managers.vault.provider", "memory");
            for (int i = 0; i < PROPERTIES; i++) {
                p.put("secretref.managers.vault.config.values[app/p" + i + "]", value(i));
                p.put("app.p" + i, "{{vault|ap_sep_v1|app/p" + i + "}}");
            }
        } else {
            p.put("secretref.enabled", "false");
            for (int i = 0; i < PROPERTIES; i++) p.put("app.p" + i, value(i));
        }
        return p;
    }

    static String[] start(boolean secretref) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        app.setDefaultProperties(properties(secretref));
        try (ConfigurableApplicationContext ctx = app.run()) {
            String[] values = ctx.getBean(Settings.class).values();
            for (int i = 0; i < PROPERTIES; i++) {
                if (!value(i).equals(values[i])) throw new IllegalStateException("app.p" + i + " was not resolved");
            }
            return values;
        }
    }

    @Benchmark
    public String[] withSecretref() {
        return start(true);
    }

    @Benchmark
    public String[] withoutSecretref() {
        return start(false);
    }
}
