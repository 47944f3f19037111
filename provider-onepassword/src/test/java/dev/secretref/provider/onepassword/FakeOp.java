package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@code op} in a temp directory: src/test/resources/fake-op/op.py behind a {@code #!python3}
 * line, a data.json the test builds, and calls.log with one line per run.
 */
final class FakeOp {
    static final String TOKEN = "ops_eyFakeServiceAccountToken_7Hq2mZpX0c";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ObjectNode data = JSON.createObjectNode();
    private final Map<String, ObjectNode> vaults = new LinkedHashMap<>();
    private int ids;

    FakeOp(Path dir) {
        this.dir = dir;
        data.put("token", TOKEN);
        data.put("mode", "ok");
        data.putArray("vaults");
        data.putArray("denied");
        install();
    }

    private void install() {
        try (InputStream in = FakeOp.class.getResourceAsStream("/fake-op/op.py")) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Path op = dir.resolve("op");
            Files.writeString(op, "#!" + python() + "\n" + body);
            if (!op.toFile().setExecutable(true)) throw new IOException("cannot make the fake op executable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String python() {
        for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return "/usr/bin/env python3";
    }

    Path opPath() { return dir.resolve("op"); }

    /** A 26-character id like 1Password's. */
    String newId(String seed) {
        String base = (seed.toLowerCase().replaceAll("[^a-z0-9]", "") + "zzzzzzzzzzzzzzzzzzzzzzzzzz");
        String n = Integer.toString(++ids, 36);
        return (base.substring(0, 26 - n.length()) + n);
    }

    ObjectNode vault(String name) {
        return vaults.computeIfAbsent(name, n -> {
            ObjectNode v = ((ArrayNode) data.get("vaults")).addObject();
            v.put("id", newId("v" + n));
            v.put("name", n);
            v.putArray("items");
            return v;
        });
    }

    ObjectNode item(String vault, String title) {
        for (JsonNode i : vault(vault).get("items")) {
            if (i.get("title").asText().equals(title)) return (ObjectNode) i;
        }
        ObjectNode item = ((ArrayNode) vault(vault).get("items")).addObject();
        item.put("id", newId("i" + title));
        item.put("title", title);
        item.put("category", "LOGIN");
        item.putArray("sections");
        item.putArray("fields");
        return item;
    }

    /** Adds a field (in {@code section} when not null) and returns it. */
    ObjectNode field(String vault, String item, String section, String label, String value) {
        return ItemJson.addField(item(vault, item), section, label, value, this::newId);
    }

    FakeOp deny(String vault) {
        ((ArrayNode) data.get("denied")).add(vault);
        return this;
    }

    FakeOp mode(String mode) {
        data.put("mode", mode);
        return this;
    }

    /** Writes data.json; call after seeding and before running. */
    FakeOp write() {
        try {
            Files.writeString(dir.resolve("data.json"), JSON.writeValueAsString(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Each run so far: argv, env names, stdin length, pid. */
    List<JsonNode> calls() {
        Path log = dir.resolve("calls.log");
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(log)) return out;
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) out.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The first word of each run's argv. */
    List<String> commands() {
        return calls().stream().map(c -> c.get("argv").get(0).asText()).toList();
    }

    String rawLog() {
        try {
            Path log = dir.resolve("calls.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path hungPids() { return dir.resolve("hung.pids"); }

    /** A provider in service-account mode on this fake, built through the factory. */
    SecretProvider provider(Map<String, Object> extra) {
        write();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("serviceAccountToken", TOKEN);
        cfg.put("opPath", opPath().toString());
        cfg.put("timeout", "10s");
        cfg.putAll(extra);
        return create(cfg);
    }

    static SecretProvider create(Map<String, Object> cfg) {
        OnePasswordProviderFactory f = new OnePasswordProviderFactory();
        return f.create(ProviderConfig.of("op-test", f.descriptor(), cfg));
    }
}
