package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretReference;
import dev.secretref.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code secretref resolve FILE|-}: the file with its references resolved, format and comments kept. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {
            "Resolve every secret reference in a JSON, YAML, .properties, .env or plain-text file and print the result "
                    + "(or write it to --out). Key order, layout and comments are kept; each resolved value is escaped "
                    + "for the place it lands in.",
            "The format follows the file name (.json/.jsonc, .yaml/.yml, .properties, .env/.env.*), else plain text; "
                    + "standard input (-) is plain text unless --format says otherwise."})
final class ResolveCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The file to resolve, or - for standard input.")
    String input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the result here instead of stdout: created (or replaced) atomically, readable and writable by its owner only (rw-------).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Override the format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = "--project", paramLabel = "ID",
            description = "Resolve as project ID: managers limited to projects (\"projects\" in the managers file) are usable only by theirs.")
    String project;

    @Mixin ManagersOption managers;

    ResolveCommand(CliContext context) {
        this.context = context;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResolveCommand.class);

    @Override
    public Integer call() {
        String label = "-".equals(input) ? "<stdin>" : abbreviate(input);
        String text;
        Renderer renderer;
        try {
            if (out != null) checkOut(out);         // before any secret is fetched
            text = read();
            Format f = format != null ? format : "-".equals(input) ? Format.TEXT : Format.of(Path.of(input));
            renderer = new Renderer(text, f);
            LOG.debug("Read {}: {} characters as {}, {} distinct reference(s)", label, text.length(), f,
                    renderer.references().size());
        } catch (CliException e) {
            return Errors.report(spec.commandLine().getErr(), label, e);
        } catch (java.nio.file.InvalidPathException e) {
            return Errors.report(spec.commandLine().getErr(), CliException.usage("not a valid file name: " + label,
                    "the path of the file to resolve"));
        }
        String result;
        if (renderer.references().isEmpty()) {
            result = text;
        } else {
            Managers m;
            ResolutionContext ctx;
            try {
                ctx = project == null ? ResolutionContext.none() : ResolutionContext.project(project);
                m = managers.load(context);
            } catch (CliException e) {
                return Errors.report(spec.commandLine().getErr(), e);
            } catch (IllegalArgumentException e) {
                return Errors.report(spec.commandLine().getErr(), CliException.usage("--project must not be blank", null));
            }
            Set<String> words = new LinkedHashSet<>();
            renderer.references().forEach(r -> words.add(r.manager()));
            try (SecretResolver resolver = m.build(m.matching(words))) {
                result = renderer.render(resolver, ctx);
                LOG.debug("Resolved {} reference(s) with manager(s) {}", renderer.references().size(),
                        resolver.managerNames().stream().map(dev.secretref.SecretReference::abbreviate).toList());
            } catch (CliException e) {
                return Errors.report(spec.commandLine().getErr(), e);
            } catch (SecretManagerException e) {
                SecretReference ref = renderer.referenceOf(e);
                String where = ref == null ? label + ": resolving failed"
                        : label + " line " + renderer.lineOf(ref) + ": cannot resolve " + abbreviate(ref.toString());
                int code = Errors.report(spec.commandLine().getErr(), where, e);
                if (e.reason() == Reason.UNKNOWN_MANAGER) {
                    spec.commandLine().getErr().println("  managers in " + abbreviate(m.file().path().toString()) + ": "
                            + Managers.listed(m.names()));
                    spec.commandLine().getErr().flush();
                }
                return code;
            }
        }
        return write(result);
    }

    private String read() {
        byte[] bytes;
        try {
            if ("-".equals(input)) {
                try (InputStream in = context.stdin().get()) {
                    bytes = in.readAllBytes();
                }
            } else {
                bytes = Files.readAllBytes(Path.of(input));
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file", "the path of the file to resolve");
        } catch (IOException e) {
            throw CliException.usage("could not be read: " + e.getClass().getSimpleName(), "the file's path and permissions");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliException.usage("is not UTF-8 text", "the file's encoding");
        }
    }

    /**
     * {@code --out} must name a file in an existing directory: checked before resolving, so that a bad option never
     * costs a fetch, and so that {@code --out /} is a usage error rather than a failure after the secrets are in memory.
     */
    private static void checkOut(Path out) {
        Path file = out.toAbsolutePath().normalize();
        String shown = abbreviate(out.toString());
        if (file.getFileName() == null || Files.isDirectory(file)) {
            throw CliException.usage("--out " + shown + " is a directory", "give --out a file name, e.g. --out config.resolved.json");
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.usage("--out " + shown + ": its directory does not exist", "create the directory first, or fix the path");
        }
    }

    private int write(String result) {
        if (out == null) {
            spec.commandLine().getOut().print(result);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        try {
            SecureFiles.writeOwnerOnly(out, result);
            return ExitCodes.OK;
        } catch (IOException e) {
            return Errors.report(spec.commandLine().getErr(), CliException.usage("could not write " + abbreviate(out.toString())
                    + ": " + e.getClass().getSimpleName(), "that the output directory exists and is writable"));
        }
    }
}
