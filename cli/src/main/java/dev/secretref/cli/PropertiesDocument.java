package dev.secretref.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of a {@code .properties} file, read with the rules of {@link java.util.Properties#load(java.io.Reader)}:
 * comment lines ({@code #}, {@code !}), continuation lines, {@code key=value}, {@code key:value} and
 * {@code key value}, backslash escapes. A value that held a reference is written back on one line, escaped
 * so that {@code Properties.load} reads exactly the new value (non-ASCII as {@code \}{@code uXXXX}, so the file
 * reads the same as ISO-8859-1 or UTF-8).
 */
final class PropertiesDocument {
    private PropertiesDocument() { }

    static List<Slot> slots(String text, Lines lines) {
        List<Slot> slots = new ArrayList<>();
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int i = pos;
            while (i < n && isBlank(text.charAt(i))) i++;
            if (i >= n) break;
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '#' || c == '!') {   // blank line or comment line
                pos = nextLine(text, i);
                continue;
            }
            // one logical line: its characters and where each sits in the text
            StringBuilder logical = new StringBuilder();
            List<Integer> raw = new ArrayList<>();
            int j = i;
            int end;
            while (true) {
                while (j < n && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
                    logical.append(text.charAt(j));
                    raw.add(j);
                    j++;
                }
                int backslashes = 0;
                for (int k = logical.length() - 1; k >= 0 && logical.charAt(k) == '\\'; k--) backslashes++;
                if (backslashes % 2 == 1 && j < n) {            // continued on the next line
                    logical.setLength(logical.length() - 1);
                    raw.remove(raw.size() - 1);
                    j = nextLine(text, j);
                    while (j < n && isBlank(text.charAt(j))) j++;
                    continue;
                }
                if (backslashes % 2 == 1) {                     // a lone backslash at the end of the file is dropped
                    logical.setLength(logical.length() - 1);
                    raw.remove(raw.size() - 1);
                }
                end = j;
                break;
            }
            pos = nextLine(text, end);
            int valueStart = valueStart(logical);
            int rawStart = valueStart < raw.size() ? raw.get(valueStart) : end;
            int[] rawOfDecoded = new int[logical.length() - valueStart + 1];
            String value = decode(logical, valueStart, raw, rawOfDecoded, lines);
            slots.add(Slot.encoded(rawStart, end, value, d -> lines.lineOf(rawOfDecoded[Math.min(d, rawOfDecoded.length - 1)]),
                    PropertiesDocument::encode));
        }
        return slots;
    }

    /** Where the value starts in a logical line, as {@code Properties.load} finds it. */
    private static int valueStart(CharSequence line) {
        int len = line.length();
        int keyLen = 0;
        int valueStart = len;
        boolean hasSep = false;
        boolean precedingBackslash = false;
        while (keyLen < len) {
            char c = line.charAt(keyLen);
            if ((c == '=' || c == ':') && !precedingBackslash) {
                valueStart = keyLen + 1;
                hasSep = true;
                break;
            } else if (isBlank(c) && !precedingBackslash) {
                valueStart = keyLen + 1;
                break;
            }
            precedingBackslash = c == '\\' && !precedingBackslash;
            keyLen++;
        }
        while (valueStart < len) {
            char c = line.charAt(valueStart);
            if (!isBlank(c)) {
                if (!hasSep && (c == '=' || c == ':')) {
                    hasSep = true;
                } else {
                    break;
                }
            }
            valueStart++;
        }
        return valueStart;
    }

    private static String decode(CharSequence line, int from, List<Integer> raw, int[] rawOfDecoded, Lines lines) {
        StringBuilder out = new StringBuilder();
        int i = from;
        while (i < line.length()) {
            rawOfDecoded[out.length()] = raw.get(i);
            char c = line.charAt(i++);
            if (c != '\\' || i >= line.length()) {
                out.append(c);
                continue;
            }
            c = line.charAt(i++);
            switch (c) {
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 > line.length()) throw malformedEscape(raw.get(i - 2), lines);
                    try {
                        out.append((char) Integer.parseInt(line.subSequence(i, i + 4).toString(), 16));
                    } catch (NumberFormatException e) {
                        throw malformedEscape(raw.get(i - 2), lines);
                    }
                    i += 4;
                }
                default -> out.append(c);
            }
        }
        rawOfDecoded[out.length()] = raw.isEmpty() ? 0 : raw.get(Math.min(i, raw.size()) - 1);
        return out.toString();
    }

    private static CliException malformedEscape(int rawOffset, Lines lines) {
        return CliException.usage("has a malformed \\uXXXX escape at line " + lines.lineOf(rawOffset),
                "the .properties escapes on that line");
    }

    /** A value text that {@code Properties.load} reads back as exactly {@code value}. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(i == 0 ? "\\ " : " ");    // a leading blank would be skipped
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static int nextLine(String text, int i) {
        int n = text.length();
        while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') i++;
        if (i < n && text.charAt(i) == '\r') i++;
        if (i < n && text.charAt(i) == '\n') i++;
        return i;
    }
}
