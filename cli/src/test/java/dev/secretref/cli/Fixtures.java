package dev.secretref.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Secrets that are hard to escape, and a managers file serving them from a memory manager named {@code demo}. */
final class Fixtures {
    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("plain", "s3cr3t");
        SECRETS.put("quotes", "he said \"hi\" and 'bye'");
        SECRETS.put("newlines", "line1\nline2\r\nline3\n");
        SECRETS.put("hash", "a # not a comment #x");
        SECRETS.put("backslash", "C:\\dir\\new\\table\\");
        SECRETS.put("spaces", "  padded  ");
        SECRETS.put("dollar", "$HOME and ${PATH}");
        SECRETS.put("unicode", "pässwörd €😀");
        SECRETS.put("yamlish", "- key: [value], {x}: & * ! | > % @");
        SECRETS.put("bool", "true");
        SECRETS.put("number", "0123");
        SECRETS.put("empty", "");
        SECRETS.put("json", "{\"a\": 1}");
        SECRETS.put("tab", "a\tb");
        SECRETS.put("control", "bell\u0007end");
        SECRETS.put("equals", "=a:b=c");
    }

    private Fixtures() { }

    static String ref(String name) {
        return "{{demo|ap_sep_v1|" + name + "}}";
    }

    /** A managers file with {@code demo} (memory, holding {@link #SECRETS}) and any extra managers given. */
    static Path managersFile(Path dir, List<Map<String, Object>> extra) {
        Map<String, Object> demo = new LinkedHashMap<>();
        demo.put("name", "demo");
        demo.put("provider", "memory");
        demo.put("config", Map.of("values", SECRETS));
        List<Object> managers = new java.util.ArrayList<>();
        managers.add(demo);
        managers.addAll(extra);
        return write(dir.resolve("managers.json"), json(Map.of("managers", managers)));
    }

    static Path managersFile(Path dir) {
        return managersFile(dir, List.of());
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every secret name in a value no test uses as the expected output of another. */
    static List<String> distinctiveSecrets() {
        return List.of("s3cr3t", "line1", "padded", "pässwörd", "bell");
    }
}
