package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.spi.FetchResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No access token, private key or secret value reaches an exception message, {@code toString()}, stdout/stderr or a
 * {@code java.util.logging} record (where Google's HTTP library logs) across successes and every failure kind,
 * against {@link FakeSecretManager} (shapes as cited in {@link GcpFetchTest} and {@link GcpErrorMappingTest}).
 */
final class GcpNoLeakTest {
    private static final String VALUE = "Leak-Canary-7b1e{\"inner\":\"c4n4ry\"}";
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<String> julRecords = new ArrayList<>();
    private final Handler jul = new Handler() {
        @Override
        public void publish(LogRecord r) {
            julRecords.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void capture() {
        out = System.out;
        err = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        Logger.getLogger("").addHandler(jul);
    }

    @AfterEach
    void restore() {
        System.setOut(out);
        System.setErr(err);
        Logger.getLogger("").removeHandler(jul);
        fake.close();
        context.close();
    }

    @Test
    void nothingSecretInMessagesToStringOrLogs() {
        fake.put("good", VALUE);
        fake.put("json", "{\"k\":\"" + "Leak-Canary-7b1e" + "\"}");
        fake.put("corrupt", VALUE);
        fake.corruptChecksum("corrupt");
        fake.put("locked", VALUE);
        fake.deny("locked");
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);
        List<Throwable> errors = new ArrayList<>();

        assertThat(p.fetch("good")).isEqualTo(VALUE);
        for (String path : List.of("corrupt", "locked", "missing", "json:nokey", "good:k", "bad.path")) {
            try {
                p.fetch(path);
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        Map<String, FetchResult> batch = p.fetchAll(Set.of("good", "corrupt", "locked"));
        batch.values().stream().filter(r -> !r.isValue()).forEach(r -> errors.add(r.error()));
        fake.failNext(":addVersion", 3, 503, "UNAVAILABLE", "unavailable");
        try {
            p.writer().orElseThrow().write("leaky", Map.of("f", VALUE));
        } catch (RuntimeException e) {
            errors.add(e);
        }
        fake.revokeTokens();
        assertThat(p.fetch("good")).isEqualTo(VALUE);
        Map<String, Object> wrongKey = Fixtures.config(fake);
        wrongKey.put("credentialsJson", Fixtures.keyFile(Fixtures.OTHER, fake.tokenUri()));
        GcpSecretProvider refused = Fixtures.provider(wrongKey, context);
        try {
            refused.checkConnection();
        } catch (RuntimeException e) {
            errors.add(e);
        }

        assertThat(errors).hasSizeGreaterThanOrEqualTo(9);
        List<String> secrets = new ArrayList<>(context.obtained);
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(2);
        secrets.add("Leak-Canary-7b1e");
        secrets.add("c4n4ry");
        secrets.add(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT));
        secrets.add(Fixtures.keyMaterial(Fixtures.OTHER));
        List<String> texts = new ArrayList<>();
        for (Throwable t : errors) {
            for (Throwable c = t; c != null; c = c.getCause()) texts.add(c.getMessage() + " " + c);
        }
        texts.add(p.toString());
        texts.add(refused.toString());
        texts.add(batch.toString());
        texts.add(captured.toString(StandardCharsets.UTF_8));
        texts.addAll(julRecords);
        for (String text : texts) {
            for (String s : secrets) assertThat(text).doesNotContain(s);
        }
    }
}
