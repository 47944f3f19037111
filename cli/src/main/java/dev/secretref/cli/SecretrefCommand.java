package dev.secretref.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code secretref} command: a subcommand is required. */
@Command(name = "secretref", mixinStandardHelpOptions = true, versionProvider = SecretrefCommand.Version.class,
        description = "Resolve secret references like {{prod-aws|ap_sep_v1|prod/db:password}} in config files, "
                + "and inspect the secret managers they point to.",
        subcommands = {ResolveCommand.class, ProvidersCommand.class, TestCommand.class, ListCommand.class, SyncCommand.class,
            PutCommand.class, DeleteCommand.class, HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  a reference could not be resolved (malformed, unknown manager,",
            "     not found, denied, unreachable...), a connection test failed,",
            "     listing failed, or a write or delete failed",
            "  2  usage or configuration error: bad arguments, an unreadable or",
            "     invalid input or managers file, an invalid manager config,",
            "     an unknown provider"})
final class SecretrefCommand {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what secretref does (never values) to stderr.")
    boolean verbose;

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SecretrefCommand.class.getPackage().getImplementationVersion();
            return new String[] {"secretref " + (v != null ? v : "(development build)")};
        }
    }
}
