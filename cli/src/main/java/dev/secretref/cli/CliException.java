package dev.secretref.cli;

/** A failure the CLI explains itself: a message, what to check, and the exit code. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String hint;

    CliException(int exitCode, String message, String hint) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** A usage or configuration error (exit code 2). */
    static CliException usage(String message, String hint) {
        return new CliException(ExitCodes.USAGE, message, hint);
    }

    int exitCode() { return exitCode; }

    /** What to check, or {@code null}. */
    String hint() { return hint; }
}
