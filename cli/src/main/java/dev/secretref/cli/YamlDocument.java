package dev.secretref.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The string scalars of a YAML stream (every document); mapping keys and aliases are not resolved.
 * A scalar that held a reference is written back plain when its new value is unambiguously a plain
 * string, else double-quoted with escapes; anchors and tags in front of it are kept.
 */
final class YamlDocument {
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@%+=-]*");
    /** YAML 1.1 and 1.2 words that a plain scalar would turn into a boolean or null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private YamlDocument() { }

    static List<Slot> slots(String text, Lines lines) {
        CodePoints cp = new CodePoints(text);
        List<Slot> slots = new ArrayList<>();
        try (YAMLParser p = InputLimits.yamlFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.VALUE_STRING || p.isCurrentAlias()) continue;
                String value = p.getText();
                // SnakeYAML counts offsets in code points
                int start = cp.toChar((int) p.currentTokenLocation().getCharOffset());
                int end = cp.toChar((int) p.currentLocation().getCharOffset());
                int line = lines.lineOf(start);
                String raw = text.substring(start, end);
                int body = skipProperties(raw);
                String properties = raw.substring(0, body);
                String scalar = raw.substring(body);
                boolean block = scalar.startsWith("|") || scalar.startsWith(">");
                boolean plain = !block && !scalar.startsWith("\"") && !scalar.startsWith("'");
                String trailing = block ? trailingBreaks(scalar) : "";
                int firstLine = block ? line + 1 : line;
                slots.add(Slot.encoded(start, end, value, i -> firstLine + countBreaks(value, i),
                        v -> properties + encode(v, plain) + trailing));
            }
        } catch (JsonProcessingException e) {
            throw InputLimits.describe(e).map(limit -> CliException.usage(limit.problem(), limit.hint()))
                    .orElseGet(() -> CliException.usage("is not valid YAML" + Locations.at(e.getLocation()), "the file's YAML syntax"));
        } catch (IOException e) {
            throw CliException.usage("could not be read as YAML: " + e.getClass().getSimpleName(), null);
        }
        return slots;
    }

    /** A YAML scalar holding exactly {@code value} as a string. */
    static String encode(String value, boolean plainAllowed) {
        if (plainAllowed && PLAIN_SAFE.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Length of the node properties ({@code &anchor}, {@code !tag}) and the spaces after them. */
    private static int skipProperties(String raw) {
        int i = 0;
        while (i < raw.length() && (raw.charAt(i) == '&' || raw.charAt(i) == '!')) {
            while (i < raw.length() && !Character.isWhitespace(raw.charAt(i))) i++;
            while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) i++;
        }
        return i;
    }

    /** The line breaks a block scalar's source ends with: they separate it from what follows. */
    private static String trailingBreaks(String scalar) {
        int i = scalar.length();
        while (i > 0 && (scalar.charAt(i - 1) == '\n' || scalar.charAt(i - 1) == '\r')) i--;
        return scalar.substring(i);
    }

    private static int countBreaks(String s, int end) {
        int n = 0;
        for (int i = 0; i < end && i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    /** Maps code-point offsets to char offsets (they differ only after characters outside the BMP). */
    private static final class CodePoints {
        private final String text;
        private final boolean bmpOnly;

        CodePoints(String text) {
            this.text = text;
            this.bmpOnly = text.codePoints().count() == text.length();
        }

        int toChar(int codePointOffset) {
            return bmpOnly ? codePointOffset : text.offsetByCodePoints(0, codePointOffset);
        }
    }
}
