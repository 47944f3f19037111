package dev.secretref.cli;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code secretref delete MANAGER NAME}: removes a credential the manager's writer stored (absent is no error). */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete credential NAME from a manager's store: every version the store lets secretref remove "
                + "(AWS keeps it for deleteRecoveryDays; Conjur cannot delete). Deleting an absent credential succeeds.")
final class DeleteCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANAGER", description = "A manager name from the managers file (or a provider id used by exactly one manager).")
    String manager;

    @Parameters(index = "1", paramLabel = "NAME", description = "The credential name, e.g. conn-123.")
    String name;

    @Mixin ManagersOption managers;

    DeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            PutCommand.checkName(name);
            Managers m = managers.load(context);
            ManagerSpec target = WriteTarget.pick(m, manager);
            try (SecretResolver resolver = m.build(List.of(target))) {
                resolver.writer(target.name()).delete(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("deleted " + name + " from " + target.name());
                out.flush();
                return ExitCodes.OK;
            }
        } catch (CliException | SecretManagerException e) {
            return Errors.report(err, "delete " + FieldSources.cut(name) + " from " + FieldSources.cut(manager) + " failed", e);
        }
    }
}
