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

    /** Quiet by default: warnings to stderr; {@code --verbose} shows debug lines. Set before any logger exists. */
    private static void configureLogging(boolean verbose) {
        String level = "org.slf4j.simpleLogger.defaultLogLevel";
        if (System.getProperty(level) == null) System.setProperty(level, verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
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
            if (cls == SyncCommand.class) return cls.cast(new SyncCommand(context));
            return fallback.create(cls);
        }
    }
}
