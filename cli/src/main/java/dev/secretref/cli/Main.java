package dev.secretref.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Entry point of {@code java -jar secretref.jar}. Exit codes: see {@link ExitCodes} and {@code secretref --help}. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose"));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = commandLine(CliContext.system()).setOut(out).setErr(err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The command line, wired to {@code context}; callers set out and err. */
    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new SecretrefCommand(), new Factory(context));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> Errors.report(cmd.getErr(), e));
        return cl;
    }

    /**
     * Quiet by default: warnings to stderr. {@code --verbose} shows secretref's own debug lines (loggers under
     * {@code dev.secretref}, which never log a value); every other library stays at warn, because third-party
     * debug output can hold credentials (the AWS SDK's signer logs the canonical request with
     * {@code x-amz-security-token}). Set before any logger exists; {@code -Dorg.slf4j.simpleLogger...} on the
     * {@code java} command line still wins.
     */
    static void configureLogging(boolean verbose) {
        setIfAbsent(SIMPLE_LOGGER + "defaultLogLevel", "warn");
        if (verbose) setIfAbsent(SIMPLE_LOGGER + "log.dev.secretref", "debug");
        System.setProperty(SIMPLE_LOGGER + "logFile", "System.err");
    }

    private static final String SIMPLE_LOGGER = "org.slf4j.simpleLogger.";

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /** Creates the commands that need the process context. */
    private static final class Factory implements IFactory {
        private final CliContext context;
        private final IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == ResolveCommand.class) return cls.cast(new ResolveCommand(context));
            if (cls == TestCommand.class) return cls.cast(new TestCommand(context));
            if (cls == ListCommand.class) return cls.cast(new ListCommand(context));
            if (cls == PutCommand.class) return cls.cast(new PutCommand(context));
            if (cls == DeleteCommand.class) return cls.cast(new DeleteCommand(context));
            if (cls == SyncCommand.class) return cls.cast(new SyncCommand(context));
            return fallback.create(cls);
        }
    }
}
