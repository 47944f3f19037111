package dev.secretref.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deterministic application configuration of exactly {@value #NODES} JSON nodes (objects, arrays and
 * scalars all count) holding {@value #REFERENCES} distinct secret references: 100 services, each with
 * 10 references among 40 environment variables (8 whole-string references, 2 embedded in a URL), the
 * rest plain values, {@code {{step.output}}}-style literals and numbers.
 */
final class ConfigTree {
    static final int NODES = 10_000;
    static final int REFERENCES = 1_000;
    static final int SERVICES = 100;
    static final int REFS_PER_SERVICE = REFERENCES / SERVICES;

    private ConfigTree() { }

    /** The secret path of reference {@code j} of service {@code i}. */
    static String path(int service, int j) {
        return "prod/svc-" + service + "/key-" + j;
    }

    /** The manager that reference {@code j} of service {@code i} goes to, among {@code managers}. */
    static String manager(int service, int j, int managers) {
        return "m" + ((service * REFS_PER_SERVICE + j) % managers);
    }

    /** Every path and its value, per manager name. */
    static Map<String, Map<String, String>> secrets(int managers) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int m = 0; m < managers; m++) out.put("m" + m, new LinkedHashMap<>());
        for (int i = 0; i < SERVICES; i++) {
            for (int j = 0; j < REFS_PER_SERVICE; j++) {
                out.get(manager(i, j, managers)).put(path(i, j), "value-" + i + "-" + j);
            }
        }
        return out;
    }

    static JsonNode build(int managers) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "2026-11");
        root.put("owner", "platform");
        ArrayNode services = root.putArray("services");
        for (int i = 0; i < SERVICES; i++) {
            ObjectNode s = services.addObject();
            s.put("name", "service-" + i);
            s.put("image", "registry.example.com/service-" + i + ":1.4." + i);
            s.put("replicas", 1 + i % 5);
            s.put("enabled", i % 7 != 0);
            ArrayNode tags = s.putArray("tags");
            for (int t = 0; t < 5; t++) tags.add("tag-" + t);
            ObjectNode res = s.putObject("resources");
            res.put("cpu", "500m");
            res.put("memory", "512Mi");
            ObjectNode limits = res.putObject("limits");
            limits.put("cpu", "1");
            limits.put("memory", "1Gi");
            ObjectNode env = s.putObject("env");
            int ref = 0;
            for (int e = 0; e < 40; e++) {
                String key = "VAR_" + e;
                if (e % 4 == 0 && ref < REFS_PER_SERVICE) {           // 10 references among 40 variables
                    String r = "{{" + manager(i, ref, managers) + "|ap_sep_v1|" + path(i, ref) + "}}";
                    env.put(key, ref < 8 ? r : "postgres://app:" + r + "@db-" + i + "/app");
                    ref++;
                } else if (e % 4 == 1) {
                    env.put(key, "{{step_" + e + ".output}}");          // a literal, not a reference
                } else {
                    env.put(key, "plain-value-" + i + "-" + e);
                }
            }
            ArrayNode ports = s.putArray("ports");
            for (int p = 0; p < 4; p++) {
                ObjectNode port = ports.addObject();
                port.put("name", "port-" + p);
                port.put("port", 8080 + p);
                port.put("protocol", "TCP");
            }
            ObjectNode labels = s.putObject("labels");
            for (int l = 0; l < 15; l++) labels.put("label-" + l, "v" + l);
        }
        ArrayNode padding = root.putArray("limits");                  // numbers up to exactly NODES nodes
        int missing = NODES - count(root);
        if (missing < 0) throw new IllegalStateException("the generated tree is larger than " + NODES + " nodes");
        for (int k = 0; k < missing; k++) padding.add(k);
        if (count(root) != NODES) throw new IllegalStateException("the tree has " + count(root) + " nodes");
        return root;
    }

    static int count(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) n += count(child);
        return n;
    }

    static int references(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().contains("|ap_sep_v1|") ? 1 : 0;
        }
        int n = 0;
        for (JsonNode child : node) n += references(child);
        return n;
    }
}
