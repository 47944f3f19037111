package dev.secretref.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is logged while it is open. The test binding is slf4j-simple, which writes to whatever
 * {@code System.err} is at the time of each line, so capturing means replacing {@code System.err} (and
 * teeing to the original, so the build log still shows it). Use one at a time, in try-with-resources:
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     provider.fetch("missing");
 *     assertThat(logs.text()).doesNotContain(token);
 * }
 * }</pre>
 *
 * Debug lines appear only when the test's {@code simplelogger.properties} enables them
 * ({@code org.slf4j.simpleLogger.log.dev.secretref=debug}).
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private boolean closed;

    private LogCapture() {
        this.original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing {@code System.err}. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything written so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Restores {@code System.err}. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        System.err.flush();
        System.setErr(original);
    }
}
