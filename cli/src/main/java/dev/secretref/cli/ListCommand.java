package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.ResolutionContext;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code secretref list MANAGER [PREFIX] [--query TEXT] [--offset N] [--limit M] [--json]}: one page of names, never values. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List one page of the secrets a manager holds (names, descriptions, created and updated times; never values), "
                + "as paths to put in references, in the store's stable order.")
final class ListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANAGER", description = "A manager name from the managers file.")
    String manager;

    @Parameters(index = "1", paramLabel = "PREFIX", arity = "0..1", defaultValue = "", description = "Only names starting with this.")
    String prefix;

    @Option(names = {"--query", "--search"}, paramLabel = "TEXT", defaultValue = "",
            description = "Only names containing TEXT (case-insensitive).")
    String query;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N matches (default ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--limit", paramLabel = "M", defaultValue = "" + SecretQuery.DEFAULT_LIMIT,
            description = "At most M names, 1 to " + SecretQuery.MAX_LIMIT + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--timestamps", description = "Ask for created and updated times even where the store needs an extra call per name (Vault).")
    boolean timestamps;

    @Option(names = "--json", description = "Print the page as JSON: items (path, description, createdAt, updatedAt), hasMore, total.")
    boolean json;

    @Option(names = "--project", paramLabel = "ID",
            description = "List as project ID: a manager limited to projects (\"projects\" in the managers file) lists only for theirs.")
    String project;

    @Mixin ManagersOption managers;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (project != null && project.isBlank()) throw CliException.usage("--project must not be blank", null);
            SecretQuery q = SecretQuery.of(query).under(prefix).offset(offset).limit(limit);
            if (timestamps) q = q.withTimestamps();
            Managers m = managers.load(context);
            List<ManagerSpec> specs = m.matching(List.of(manager));
            if (specs.isEmpty()) {
                throw CliException.usage("no manager '" + abbreviate(manager) + "' in " + abbreviate(m.file().path().toString())
                        + " (it has: " + Managers.listed(m.names()) + ")", "the manager name, or the --managers file");
            }
            try (SecretResolver resolver = m.build(specs)) {
                ResolutionContext ctx = project == null ? ResolutionContext.none() : ResolutionContext.project(project);
                SecretPage page = resolver.search(manager, q, ctx);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.print(json(page));
                } else {
                    page.items().forEach(info -> out.println(line(info)));
                }
                out.flush();
                if (!json) footer(err, page);
                return ExitCodes.OK;
            }
        } catch (CliException | SecretManagerException e) {
            return Errors.report(err, "list " + abbreviate(manager) + " failed", e);
        }
    }

    /** The path, then (tab-separated) the times in ISO-8601 and the description, each only when known. */
    private static String line(SecretInfo info) {
        StringBuilder b = new StringBuilder(info.path());
        info.createdAt().ifPresent(t -> b.append("\tcreated ").append(t));
        info.updatedAt().ifPresent(t -> b.append("\tupdated ").append(t));
        if (!info.description().isEmpty()) b.append('\t').append(info.description());
        return b.toString();
    }

    /** Says on stderr when nothing matched, or how to get the next page, so stdout stays one name per line. */
    private void footer(PrintWriter err, SecretPage page) {
        if (page.items().isEmpty() && offset == 0) {
            err.println("secretref: no secret names" + (prefix.isEmpty() ? "" : " under '" + abbreviate(prefix) + "'")
                    + (query.isEmpty() ? "" : " matching '" + abbreviate(query) + "'") + " in manager " + abbreviate(manager));
        } else if (page.hasMore()) {
            err.println("secretref: more names follow: --offset " + (offset + page.items().size())
                    + page.total().stream().mapToObj(t -> " (" + t + " in all)").findFirst().orElse(""));
        }
        err.flush();
    }

    private String json(SecretPage page) {
        ObjectNode root = JSON.createObjectNode();
        root.put("manager", manager);
        root.put("offset", offset);
        root.put("limit", limit);
        root.put("hasMore", page.hasMore());
        if (page.total().isPresent()) root.put("total", page.total().getAsLong());
        ArrayNode items = root.putArray("items");
        for (SecretInfo info : page.items()) {
            ObjectNode item = items.addObject();
            item.put("path", info.path());
            item.put("description", info.description());
            time(item, "createdAt", info.createdAt());
            time(item, "updatedAt", info.updatedAt());
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a page of names could not be written as JSON", e);
        }
    }

    private static void time(ObjectNode item, String field, Optional<Instant> t) {
        if (t.isPresent()) item.put(field, t.get().toString());
        else item.putNull(field);
    }
}
