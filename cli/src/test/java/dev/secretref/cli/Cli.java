package dev.secretref.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command line in-process with captured stdout and stderr. */
final class Cli {
    record Result(int code, String out, String err) { }

    private Cli() { }

    static Result run(String... args) {
        return run(Map.of(), "", args);
    }

    static Result run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(() -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
        int code = Main.commandLine(context).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
