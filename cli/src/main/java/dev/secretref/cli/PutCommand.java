package dev.secretref.cli;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code secretref put MANAGER NAME FIELD=@FILE|FIELD=- ...}: writes a credential through the manager's writer and
 * prints, per field, the reference that reads it back. Values come from files or standard input only.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Write credential NAME (1 to 64 letters, digits or dashes) to a manager's store, creating it or giving "
                + "it a new version with exactly these fields, and print the reference of each field.",
            "Values are read from files (FIELD=@FILE) or standard input (FIELD=-), never from the command line: a "
                + "FIELD=value argument is refused."})
final class PutCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANAGER", description = "A manager name from the managers file (or a provider id used by exactly one manager).")
    String manager;

    @Parameters(index = "1", paramLabel = "NAME", description = "The credential name, e.g. conn-123.")
    String name;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "FIELD=@FILE|FIELD=-",
            description = "A field and where its value is read from: a file (@path) or standard input (-, at most once).")
    List<String> fields;

    @Option(names = "--strip-newline", description = "Remove one trailing newline (\\n or \\r\\n) from each value, as echo and editors add.")
    boolean stripNewline;

    @Mixin ManagersOption managers;

    PutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            checkName(name);
            Managers m = managers.load(context);
            ManagerSpec target = WriteTarget.pick(m, manager);
            Map<String, String> values = FieldSources.read(fields, context.stdin(), stripNewline);
            try (SecretResolver resolver = m.build(List.of(target))) {
                Map<String, String> paths = resolver.writer(target.name()).write(name, values);
                PrintWriter out = spec.commandLine().getOut();
                for (String field : values.keySet()) {
                    out.println(field + "\t{{" + target.name() + "|ap_sep_v1|" + paths.get(field) + "}}");
                }
                out.flush();
                return ExitCodes.OK;
            }
        } catch (CliException | SecretManagerException e) {
            return Errors.report(err, "put " + FieldSources.cut(name) + " into " + FieldSources.cut(manager) + " failed", e);
        }
    }

    /** A usage error (exit 2) for a name that is not a credential id. */
    static void checkName(String name) {
        try {
            SecretWriter.requireValidName(name);
        } catch (SecretManagerException e) {
            throw CliException.usage(e.getMessage(), "a credential name such as conn-123");
        }
    }
}
