package dev.secretref.cli;

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
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("managers file " + path + " does not exist",
                    "the --managers option, or create secretref.managers.json in the working directory (see `secretref --help`)");
        } catch (IOException e) {
            throw CliException.usage("managers file " + path + " could not be read: " + e.getClass().getSimpleName(),
                    "the file's permissions and encoding (UTF-8)");
        }
        String n = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
        boolean yaml = n.endsWith(".yaml") || n.endsWith(".yml");
        ObjectMapper mapper = yaml ? new YAMLMapper() : new ObjectMapper();
        Object root;
        try {
            root = mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw CliException.usage("managers file " + path + " is not valid " + (yaml ? "YAML" : "JSON") + Locations.at(e.getLocation()),
                    "the file's syntax");
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
            if (!extra.isEmpty()) problems.add("unknown top-level key(s) " + extra + " (known: managers)");
        }
        List<Map<?, ?>> entries = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (managers instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> e) {
                    entries.add(e);
                    labels.add(e.get("name") instanceof String s ? "manager '" + s + "'" : "managers[" + i + "]");
                } else {
                    problems.add("managers[" + i + "] must be an object");
                }
            }
        } else if (managers instanceof Map<?, ?> byName) {
            for (Map.Entry<?, ?> e : byName.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> body) {
                    Map<Object, Object> withName = new LinkedHashMap<>(body);
                    if (withName.containsKey("name") && !String.valueOf(e.getKey()).equals(withName.get("name"))) {
                        problems.add("manager '" + e.getKey() + "' has a different name inside");
                    }
                    withName.put("name", String.valueOf(e.getKey()));
                    entries.add(withName);
                    labels.add("manager '" + e.getKey() + "'");
                } else {
                    problems.add("manager '" + e.getKey() + "' must be an object");
                }
            }
        } else {
            problems.add("the file needs a \"managers\" list (or object keyed by manager name)");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("name") instanceof String name && !seen.add(name.strip())) {
                problems.add("manager '" + name.strip() + "' is defined twice");
                continue;
            }
            ManagerSpec spec = manager(entries.get(i), labels.get(i), problems);
            if (spec != null) out.put(spec.name(), spec);
        }
        if (!problems.isEmpty()) {
            throw CliException.usage("managers file " + path + " is invalid:\n  - " + String.join("\n  - ", problems),
                    "each manager has a name, a provider (see `secretref providers`) and a config object; optional: projects, cache");
        }
        return out;
    }

    private static ManagerSpec manager(Map<?, ?> e, String label, List<String> problems) {
        int before = problems.size();
        Set<Object> unknown = new LinkedHashSet<>(e.keySet());
        unknown.removeAll(MANAGER_KEYS);
        if (!unknown.isEmpty()) problems.add(label + ": unknown key(s) " + unknown + " (known: name, provider, config, projects, cache)");
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
        if (!unknown.isEmpty()) problems.add(label + ": unknown cache key(s) " + unknown + " (known: " + String.join(", ", new java.util.TreeSet<>(CACHE_KEYS)) + ")");
        if (Boolean.FALSE.equals(m.get("enabled"))) return CachePolicy.disabled();
        CachePolicy.Builder b = CachePolicy.builder();
        try {
            if (m.get("ttl") != null) b.ttl(duration(m.get("ttl")));
            if (m.get("refreshAhead") != null) b.refreshAhead(duration(m.get("refreshAhead")));
            if (m.get("maxStale") != null) b.maxStale(duration(m.get("maxStale")));
            if (m.get("notFoundTtl") != null) b.notFoundTtl(duration(m.get("notFoundTtl")));
            if (m.get("statusTtl") != null) b.statusTtl(duration(m.get("statusTtl")));
            if (m.get("errorBackoff") != null || m.get("errorBackoffMax") != null) {
                Duration base = m.get("errorBackoff") != null ? duration(m.get("errorBackoff")) : Duration.ofSeconds(1);
                Duration max = m.get("errorBackoffMax") != null ? duration(m.get("errorBackoffMax")) : Duration.ofSeconds(128);
                b.errorBackoff(base, max);
            }
            if (m.get("maximumSize") != null) b.maximumSize(Long.parseLong(String.valueOf(m.get("maximumSize")).strip()));
        } catch (IllegalArgumentException ex) {
            problems.add(label + ": invalid cache setting: " + ex.getMessage() + " (durations: 500ms, 2s, 5m, 1h or PT5M)");
            return null;
        }
        return b.build();
    }

    private static Duration duration(Object v) {
        return ProviderConfig.parseDuration(String.valueOf(v));
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }
}
