package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import dev.secretref.ConnectionStatus;
import dev.secretref.ManagerDefinition;
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

/** {@code secretref test MANAGER}: each step of connecting, and which one failed. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Test a manager's connection step by step: managers file, credentials from the environment, "
                + "configuration, connection. Prints which step failed and what to check.")
final class TestCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANAGER", description = "A manager name from the managers file (or a provider id used by exactly one manager).")
    String manager;

    @Mixin ManagersOption managers;

    TestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Managers m;
        try {
            m = managers.load(context);
        } catch (CliException e) {
            return fail(out, err, "read managers file " + abbreviate(String.valueOf(managers.file)), e);
        }
        ok(out, "read managers file " + abbreviate(m.file().path().toString()));
        List<ManagerSpec> specs = m.matching(List.of(manager));
        if (specs.isEmpty()) {
            return fail(out, err, "find manager '" + abbreviate(manager) + "'", CliException.usage("no manager '" + abbreviate(manager)
                    + "' in " + abbreviate(m.file().path().toString()) + " (it has: " + Managers.listed(m.names()) + ")",
                    "the manager name, or the --managers file"));
        }
        List<ManagerDefinition> definitions;
        try {
            definitions = m.definitions(specs);
        } catch (CliException e) {
            return fail(out, err, "credentials from the environment", e);
        }
        ok(out, "credentials from the environment");
        SecretResolver resolver;
        try {
            resolver = Managers.resolver(definitions);
        } catch (SecretManagerException e) {
            return fail(out, err, "configuration", e);
        }
        try (resolver) {
            ok(out, "configuration (" + String.join(", ", specs.stream().map(s -> s.name() + ": " + s.provider()).toList()) + ")");
            ConnectionStatus status;
            try {
                status = resolver.testConnection(manager);
            } catch (SecretManagerException e) {
                return fail(out, err, "connection", e);
            }
            if (status.connected()) {
                ok(out, "connection: " + status.message());
                return ExitCodes.OK;
            }
            return fail(out, err, "connection", status.error().orElseGet(() -> SecretManagerException.builder(
                    dev.secretref.ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, dev.secretref.Reason.PROVIDER_ERROR)
                    .message(status.message()).build()));
        }
    }

    private static void ok(PrintWriter out, String step) {
        out.println("ok      " + step);
        out.flush();
    }

    private static int fail(PrintWriter out, PrintWriter err, String step, RuntimeException e) {
        out.println("FAILED  " + step);
        out.flush();
        return Errors.report(err, "test failed at step: " + step, e);
    }
}
