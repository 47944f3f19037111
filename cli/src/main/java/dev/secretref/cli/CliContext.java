package dev.secretref.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/** What the commands take from the process: standard input and the environment (tests pass their own). */
record CliContext(Supplier<InputStream> stdin, Map<String, String> env) {
    static CliContext system() {
        return new CliContext(() -> System.in, System.getenv());
    }
}
