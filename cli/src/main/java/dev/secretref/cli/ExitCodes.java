package dev.secretref.cli;

/** The documented exit codes. */
final class ExitCodes {
    /** Everything resolved, connected or listed. */
    static final int OK = 0;
    /** A reference could not be resolved (malformed, unknown manager, not found, denied, unreachable...), a connection test failed, or listing failed. */
    static final int FAILED = 1;
    /** Bad arguments, an unreadable or invalid input or managers file, an invalid manager config or an unknown provider. */
    static final int USAGE = 2;

    private ExitCodes() { }
}
