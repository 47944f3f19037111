package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secretref.CachePolicy;
import dev.secretref.Scope;
import dev.secretref.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a managers file (JSON, or YAML for {@code .yaml}/{@code .yml}):
 * <pre>{@code
 * { "managers": [
 *     { "name": "prod-aws", "provider": "aws",
 *       "config": { "region": "eu-west-1", "accessKeyId": "{{env|ap_sep_v1|AWS_ACCESS_KEY_ID}}", ... },
 *       "projects": ["billing"],                         // optional: limit to these projects
 *       "cache": { "ttl": "5m", "maxStale": "1h" } } ] } // optional; "cache": false turns caching off
 * }</pre>
 * {@code managers} may also be an object keyed by manager name. Every problem of the file is reported
 * at once; messages name keys, never values.
 */
final class ManagersFile {
    private static final Set<String> MANAGER_KEYS = Set.of("name", "provider", "config", "projects", "cache");
    private static final Set<String> CACHE_KEYS = Set.of("enabled", "ttl", "maximumSize", "refreshAhead", "maxStale",
            "notFoundTtl", "errorBackoff", "errorBackoffMax", "statusTtl");

    private final Path path;
    private final Map<String, ManagerSpec> managers;

    private ManagersFile(Path path, Map<String, ManagerSpec> managers) {
        this.path = path;
        this.managers = managers;
    }

    Path path() { return path; }

    /** The managers by name, in file order. */
    Map<String, ManagerSpec> managers() { return managers; }

    /**
     * @throws CliException exit 2 when the file is missing, unreadable or invalid, naming every problem
     */
    static ManagersFile read(Path path) {
        String shown = abbreviate(path.toString());
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("managers file " + shown + " does not exist",
                    "the --managers option, or create secretref.managers.json in the working directory (see `secretref --help`)");
        } catch (IOException e) {
            throw CliException.usage("managers file " + shown + " could not be read: " + e.getClass().getSimpleName(),
                    "the file's permissions and encoding (UTF-8)");
        }
        String n = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
        boolean yaml = n.endsWith(".yaml") || n.endsWith(".yml");
        ObjectMapper mapper = yaml ? new YAMLMapper(InputLimits.yamlFactory()) : new ObjectMapper(InputLimits.jsonFactory());
        Object root;
        try {
            root = mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw InputLimits.describe(e).map(limit -> CliException.usage("managers file " + shown + " " + limit.problem(), limit.hint()))
                    .orElseGet(() -> CliException.usage("managers file " + shown + " is not valid " + (yaml ? "YAML" : "JSON")
                            + Locations.at(e.getLocation()), "the file's syntax"));
        }
        return new ManagersFile(path, parse(path, root));
    }

    private static Map<String, ManagerSpec> parse(Path path, Object root) {
        List<String> problems = new ArrayList<>();
        Map<String, ManagerSpec> out = new LinkedHashMap<>();
        Object managers = root instanceof Map<?, ?> m ? m.get("managers") : null;
        if (root instanceof Map<?, ?> m && !m.keySet().equals(Set.of("managers"))) {
            Set<Object> extra = new LinkedHashSet<>(m.keySet());
            extra.remove("managers");
            if (!extra.isEmpty()) problems.add("unknown top-level key(s) " + keys(extra) + " (known: managers)");
        }
        List<Map<?, ?>> entries = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (managers instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> e) {
                    entries.add(e);
                    labels.add(e.get("name") instanceof String s ? "manager '" + abbreviate(s) + "'" : "managers[" + i + "]");
                } else {
                    problems.add("managers[" + i + "] must be an object");
                }
            }
        } else if (managers instanceof Map<?, ?> byName) {
            for (Map.Entry<?, ?> e : byName.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> body) {
                    Map<Object, Object> withName = new LinkedHashMap<>(body);
                    if (withName.containsKey("name") && !String.valueOf(e.getKey()).equals(withName.get("name"))) {
                        problems.add("manager '" + abbreviate(String.valueOf(e.getKey())) + "' has a different name inside");
                    }
                    withName.put("name", String.valueOf(e.getKey()));
                    entries.add(withName);
                    labels.add("manager '" + abbreviate(String.valueOf(e.getKey())) + "'");
                } else {
                    problems.add("manager '" + abbreviate(String.valueOf(e.getKey())) + "' must be an object");
                }
            }
        } else {
            problems.add("the file needs a \"managers\" list (or object keyed by manager name)");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("name") instanceof String name && !seen.add(name.strip())) {
                problems.add("manager '" + abbreviate(name.strip()) + "' is defined twice");
                continue;
            }
            ManagerSpec spec = manager(entries.get(i), labels.get(i), problems);
            if (spec != null) out.put(spec.name(), spec);
        }
        if (!problems.isEmpty()) {
            List<String> shown = problems.size() <= 50 ? problems : new ArrayList<>(problems.subList(0, 50));
            if (problems.size() > 50) shown.add("... and " + (problems.size() - 50) + " more");
            throw CliException.usage("managers file " + abbreviate(path.toString()) + " is invalid:\n  - " + String.join("\n  - ", shown),
                    "each manager has a name, a provider (see `secretref providers`) and a config object; optional: projects, cache");
        }
        return out;
    }

    private static ManagerSpec manager(Map<?, ?> e, String label, List<String> problems) {
        int before = problems.size();
        Set<Object> unknown = new LinkedHashSet<>(e.keySet());
        unknown.removeAll(MANAGER_KEYS);
        if (!unknown.isEmpty()) problems.add(label + ": unknown key(s) " + keys(unknown) + " (known: name, provider, config, projects, cache)");
        String name = text(e.get("name"));
        if (name == null || name.isBlank() || name.contains("|") || name.contains("{") || name.contains("}")) {
            problems.add(label + ": \"name\" must be a non-empty text without '|', '{' or '}'");
        }
        String provider = text(e.get("provider"));
        if (provider == null || provider.isBlank()) problems.add(label + ": \"provider\" is missing (a provider id such as aws, hashicorp, env, memory)");
        Map<String, Object> config = new LinkedHashMap<>();
        Object c = e.get("config");
        if (c instanceof Map<?, ?> m) {
            m.forEach((k, v) -> config.put(String.valueOf(k), v));
        } else if (c != null) {
            problems.add(label + ": \"config\" must be an object");
        }
        Scope scope = Scope.platformWide();
        Object p = e.get("projects");
        if (p instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(x -> x instanceof String s && !s.isBlank())) {
            scope = Scope.projects(list.stream().map(String.class::cast).collect(java.util.stream.Collectors.toSet()));
        } else if (p != null) {
            problems.add(label + ": \"projects\" must be a non-empty list of project ids");
        }
        CachePolicy policy = cache(e.get("cache"), label, problems);
        return problems.size() == before ? new ManagerSpec(name.strip(), provider.strip(), config, scope, policy) : null;
    }

    private static CachePolicy cache(Object c, String label, List<String> problems) {
        if (c == null || Boolean.TRUE.equals(c)) return null;
        if (Boolean.FALSE.equals(c)) return CachePolicy.disabled();
        if (!(c instanceof Map<?, ?> m)) {
            problems.add(label + ": \"cache\" must be an object, or false to turn caching off");
            return null;
        }
        Set<Object> unknown = new LinkedHashSet<>(m.keySet());
        unknown.removeAll(CACHE_KEYS);
        if (!unknown.isEmpty()) problems.add(label + ": unknown cache key(s) " + keys(unknown) + " (known: " + String.join(", ", new java.util.TreeSet<>(CACHE_KEYS)) + ")");
        if (Boolean.FALSE.equals(m.get("enabled"))) return CachePolicy.disabled();
        // each duration is checked on its own, so the message names its key and the rule, never the value
        Map<String, Duration> durations = new LinkedHashMap<>();
        int before = problems.size();
        for (String key : List.of("ttl", "refreshAhead", "maxStale", "notFoundTtl", "statusTtl", "errorBackoff", "errorBackoffMax")) {
            if (m.get(key) == null) continue;
            try {
                Duration d = ProviderConfig.parseDuration(String.valueOf(m.get(key)));
                if (d.isZero() && (key.equals("ttl") || key.equals("refreshAhead"))) {
                    problems.add(label + ": cache." + key + " must be longer than zero");
                } else {
                    durations.put(key, d);
                }
            } catch (IllegalArgumentException ex) {
                problems.add(label + ": cache." + key + " " + ex.getMessage());
            }
        }
        Long maximumSize = null;
        if (m.get("maximumSize") != null) {
            try {
                maximumSize = Long.parseLong(String.valueOf(m.get("maximumSize")).strip());
            } catch (NumberFormatException ex) {
                problems.add(label + ": cache.maximumSize is not a whole number");
            }
        }
        if (problems.size() > before) return null;
        CachePolicy.Builder b = CachePolicy.builder();
        try {
            if (durations.containsKey("ttl")) b.ttl(durations.get("ttl"));
            if (durations.containsKey("refreshAhead")) b.refreshAhead(durations.get("refreshAhead"));
            if (durations.containsKey("maxStale")) b.maxStale(durations.get("maxStale"));
            if (durations.containsKey("notFoundTtl")) b.notFoundTtl(durations.get("notFoundTtl"));
            if (durations.containsKey("statusTtl")) b.statusTtl(durations.get("statusTtl"));
            if (durations.containsKey("errorBackoff") || durations.containsKey("errorBackoffMax")) {
                b.errorBackoff(durations.getOrDefault("errorBackoff", Duration.ofSeconds(1)),
                        durations.getOrDefault("errorBackoffMax", Duration.ofSeconds(128)));
            }
            if (maximumSize != null) b.maximumSize(maximumSize);
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
            // CachePolicy's own rules (e.g. refreshAhead shorter than ttl); its messages name settings, not values
            problems.add(label + ": invalid cache settings: " + abbreviate(String.valueOf(ex.getMessage()).replaceAll(", was [^;]*", "")));
            return null;
        }
    }

    /** Keys of a map for a message: each cut to 200 characters, at most 20. */
    private static String keys(Set<Object> keys) {
        return "[" + Managers.listed(keys.stream().map(String::valueOf).toList()) + "]";
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }
}
