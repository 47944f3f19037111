package dev.secretref.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.sync.MaskedSecret;
import dev.secretref.sync.SecretSync;
import dev.secretref.sync.SyncStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code secretref sync --source MANAGER:PREFIX ...}: a space's snapshot; names only unless {@code --reveal}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Sync the secrets under one or more MANAGER:PREFIX sources into one snapshot and print its names",
                "(the last path segment of each secret). Values only with --reveal, and then only into an --out file created 0600."})
final class SyncCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;

    @Spec CommandSpec spec;

    @Option(names = "--source", paramLabel = "MANAGER:PREFIX", required = true,
            description = "A manager from the managers file and a path prefix, e.g. vault:secret/data/spaces/a/. Repeatable.")
    List<String> sources;

    @Option(names = "--format", paramLabel = "json|env", defaultValue = "json",
            description = "json (default): names, or with --reveal an object of name to value; env: NAME lines, or NAME='value' with --reveal.")
    String format;

    @Option(names = "--reveal", description = "Write the values too (requires --out; the file is created readable by you only).")
    boolean reveal;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (created 0600) instead of standard output.")
    Path out;

    @Mixin ManagersOption managers;

    SyncCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!format.equals("json") && !format.equals("env")) {
                throw CliException.usage("--format must be json or env", "the --format option");
            }
            if (reveal && out == null) {
                throw CliException.usage("--reveal writes secret values, so it needs --out FILE (created 0600); it never prints them",
                        "add --out FILE");
            }
            Map<String, String> parsed = parseSources();
            Managers m = managers.load(context);
            List<ManagerSpec> specs = m.matching(Set.copyOf(parsed.values()));
            try (SecretResolver resolver = m.build(specs)) {
                SecretSync.Builder b = SecretSync.builder(resolver);
                parsed.forEach((source, manager) -> b.source(manager, source.substring(manager.length() + 1)));
                try (SecretSync sync = b.build()) {
                    sync.syncNow();
                    SyncStatus status = sync.status();
                    if (status.lastSync().isEmpty()) {
                        throw new CliException(ExitCodes.FAILED, "sync failed: " + status.lastError().orElse("unknown error"),
                                "`secretref test MANAGER` and `secretref list MANAGER PREFIX`");
                    }
                    String text = reveal ? render(sync.secrets()) : renderNames(sync.search(""));
                    emit(text);
                    status.lastError().ifPresent(e -> {
                        err.println("secretref: warning: " + e);
                        err.flush();
                    });
                    return status.lastError().isPresent() ? ExitCodes.FAILED : ExitCodes.OK;
                }
            }
        } catch (CliException | SecretManagerException e) {
            return Errors.report(err, "sync failed", e);
        } catch (IOException e) {
            return Errors.report(err, "sync failed", CliException.usage("could not write " + out + " (" + e.getClass().getSimpleName() + ")",
                    "that the directory exists and is writable"));
        }
    }

    /** {@code MANAGER:PREFIX} → manager, keyed by the source text (kept in order, duplicates refused). */
    private Map<String, String> parseSources() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String s : sources) {
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw CliException.usage("--source must be MANAGER:PREFIX (the prefix may be empty: MANAGER:)", "the --source option");
            }
            if (parsed.put(s, s.substring(0, colon).strip()) != null) {
                throw CliException.usage("the same --source is given twice", "the --source options");
            }
        }
        return parsed;
    }

    private String renderNames(List<MaskedSecret> shown) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (MaskedSecret s : shown) names.add(s.name());
        if (format.equals("env")) return names.isEmpty() ? "" : String.join("\n", names) + "\n";
        return JSON.writeValueAsString(names) + "\n";
    }

    private String render(Map<String, String> secrets) throws IOException {
        if (format.equals("json")) return JSON.writeValueAsString(secrets) + "\n";
        StringBuilder sb = new StringBuilder();
        secrets.forEach((k, v) -> sb.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return sb.toString();
    }

    private void emit(String text) throws IOException {
        if (out != null) {
            SecureFiles.writeOwnerOnly(out, text);
        } else {
            PrintWriter w = spec.commandLine().getOut();
            w.print(text);
            w.flush();
        }
    }
}
