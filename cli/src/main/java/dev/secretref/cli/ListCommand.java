package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code secretref list MANAGER [PREFIX]}: secret names, never values. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the names of the secrets a manager holds (never values), one per line, as paths to put in references.")
final class ListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANAGER", description = "A manager name from the managers file.")
    String manager;

    @Parameters(index = "1", paramLabel = "PREFIX", arity = "0..1", defaultValue = "", description = "Only names starting with this.")
    String prefix;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only names containing TEXT (case-insensitive).")
    String search;

    @Mixin ManagersOption managers;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Managers m = managers.load(context);
            List<ManagerSpec> specs = m.matching(List.of(manager));
            if (specs.isEmpty()) {
                throw CliException.usage("no manager '" + abbreviate(manager) + "' in " + abbreviate(m.file().path().toString())
                        + " (it has: " + Managers.listed(m.names()) + ")", "the manager name, or the --managers file");
            }
            try (SecretResolver resolver = m.build(specs)) {
                List<SecretInfo> names = resolver.list(manager, prefix);
                String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
                PrintWriter out = spec.commandLine().getOut();
                int shown = 0;
                for (SecretInfo info : names) {
                    if (needle != null && !info.path().toLowerCase(Locale.ROOT).contains(needle)) continue;
                    out.println(info.description().isEmpty() ? info.path() : info.path() + "\t" + info.description());
                    shown++;
                }
                out.flush();
                if (shown == 0) {
                    err.println("secretref: no secret names" + (prefix.isEmpty() ? "" : " under '" + abbreviate(prefix) + "'")
                            + (search == null ? "" : " matching '" + abbreviate(search) + "'") + " in manager " + abbreviate(manager));
                    err.flush();
                }
                return ExitCodes.OK;
            }
        } catch (CliException | SecretManagerException e) {
            return Errors.report(err, "list " + abbreviate(manager) + " failed", e);
        }
    }
}
