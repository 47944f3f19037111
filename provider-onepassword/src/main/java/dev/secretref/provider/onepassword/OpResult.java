package dev.secretref.provider.onepassword;

import java.nio.charset.StandardCharsets;

/** What one finished {@code op} run produced. Holds values on stdout: never logged, no toString of content. */
final class OpResult {
    private final int exitCode;
    private final byte[] stdout;
    private final String stderr;

    OpResult(int exitCode, byte[] stdout, String stderr) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int exitCode() { return exitCode; }
    boolean succeeded() { return exitCode == 0; }
    String stdout() { return new String(stdout, StandardCharsets.UTF_8); }
    /** Raw stderr: scrub it before it reaches a message. */
    String stderr() { return stderr; }

    @Override
    public String toString() { return "OpResult[exit=" + exitCode + ", stdout=██, stderr=" + stderr.length() + " chars]"; }
}
