package dev.secretref.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The input formats {@code resolve} understands, each keeping its own syntax, order and comments. */
enum Format {
    JSON {
        @Override List<Slot> slots(String text, Lines lines) { return JsonDocument.slots(text, lines); }
    },
    YAML {
        @Override List<Slot> slots(String text, Lines lines) { return YamlDocument.slots(text, lines); }
    },
    PROPERTIES {
        @Override List<Slot> slots(String text, Lines lines) { return PropertiesDocument.slots(text, lines); }
    },
    ENV {
        @Override List<Slot> slots(String text, Lines lines) { return DotenvDocument.slots(text, lines); }
    },
    TEXT {
        @Override List<Slot> slots(String text, Lines lines) {
            return List.of(Slot.encoded(0, text.length(), text, lines::lineOf, v -> v));
        }
    };

    /** The values of {@code text} that may hold references; keys and comments are not among them. */
    abstract List<Slot> slots(String text, Lines lines);

    /** The format a file name implies; plain text when none does. */
    static Format of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json") || n.endsWith(".jsonc")) return JSON;
        if (n.endsWith(".yaml") || n.endsWith(".yml")) return YAML;
        if (n.endsWith(".properties")) return PROPERTIES;
        if (n.equals(".env") || n.startsWith(".env.") || n.endsWith(".env")) return ENV;
        return TEXT;
    }
}
