package dev.secretref.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --managers FILE} option of the commands that talk to managers. */
final class ManagersOption {
    @Option(names = "--managers", paramLabel = "FILE", defaultValue = "secretref.managers.json",
            description = "The managers file (JSON, or YAML for .yaml/.yml). Default: ${DEFAULT-VALUE} in the working directory.")
    Path file;

    Managers load(CliContext context) {
        return new Managers(ManagersFile.read(file), context.env());
    }
}
