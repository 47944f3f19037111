package dev.secretref.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretref.SecretResolver;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code secretref providers}: what each provider on the class path needs, to write a managers file. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List the providers in this build with their config fields (label, required, sensitive, help) and path format.")
final class ProvidersCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        List<ProviderDescriptor> all = SecretResolver.availableProviders();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(all)));
        } else {
            for (ProviderDescriptor d : all) print(out, d);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, ProviderDescriptor d) {
        out.println(d.id() + " - " + d.displayName());
        out.println("  path:    " + d.pathFormat());
        out.println("  example: {{" + d.id() + "|ap_sep_v1|" + d.pathExample() + "}}");
        if (d.fields().isEmpty()) {
            out.println("  config:  (none)");
        } else {
            out.println("  config:");
            int width = d.fields().stream().mapToInt(f -> f.key().length()).max().orElse(0);
            for (Field f : d.fields()) {
                String flags = (f.isRequired() ? "required" : "optional") + (f.isSensitive() ? ", sensitive" : "")
                        + (f.type() != FieldType.TEXT ? ", " + f.type().name().toLowerCase(Locale.ROOT) : "");
                out.printf("    %-" + width + "s  %s (%s)%n", f.key(), f.label(), flags);
                out.println("    " + " ".repeat(width) + "  " + f.help());
            }
        }
        out.println();
    }

    private static List<Map<String, Object>> toJson(List<ProviderDescriptor> all) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderDescriptor d : all) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", d.id());
            p.put("displayName", d.displayName());
            p.put("pathFormat", d.pathFormat());
            p.put("pathExample", d.pathExample());
            List<Map<String, Object>> fields = new ArrayList<>();
            for (Field f : d.fields()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", f.key());
                m.put("label", f.label());
                m.put("required", f.isRequired());
                m.put("sensitive", f.isSensitive());
                m.put("type", f.type().name().toLowerCase(Locale.ROOT));
                m.put("help", f.help());
                fields.add(m);
            }
            p.put("fields", fields);
            out.add(p);
        }
        return out;
    }
}
