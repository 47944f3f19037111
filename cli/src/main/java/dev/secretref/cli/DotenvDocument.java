package dev.secretref.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The values of a {@code .env} file, in the dialect docker compose and most dotenv libraries share:
 * <ul>
 *   <li>{@code # comment} lines and blank lines; {@code [export ]KEY=value} lines;</li>
 *   <li>an unquoted value runs to the end of the line; {@code #} after a blank starts a comment; outer blanks are trimmed;</li>
 *   <li>{@code 'single quoted'} is literal and may span lines;</li>
 *   <li>{@code "double quoted"} may span lines and knows the escapes {@code \\ \" \n \r \t \$}.</li>
 * </ul>
 * A value that held a reference is written back unquoted when it is only letters, digits and
 * {@code _ . / : @ % + , = -}, single-quoted when it has no {@code '} and no line break, and double-quoted with
 * escapes otherwise ({@code $} as {@code \$}).
 */
final class DotenvDocument {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern UNQUOTED_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+,=-]+");

    private DotenvDocument() { }

    static List<Slot> slots(String text, Lines lines) {
        List<Slot> slots = new ArrayList<>();
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int i = skipBlanks(text, pos);
            int eol = endOfLine(text, i);
            if (i == eol || text.charAt(i) == '#') {
                pos = nextLine(text, eol);
                continue;
            }
            if (text.startsWith("export ", i)) i = skipBlanks(text, i + 7);
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq > eol || !KEY.matcher(text.substring(i, eq).strip()).matches()) {
                throw CliException.usage("has a line that is not KEY=value at line " + lines.lineOf(i),
                        "the .env syntax on that line: KEY=value, # comments, quotes around values with blanks or #");
            }
            int v = skipBlanks(text, eq + 1);
            char q = v < n ? text.charAt(v) : '\n';
            int start = v;
            int end;
            String value;
            int[] rawOfDecoded;
            if (q == '\'' || q == '"') {
                StringBuilder out = new StringBuilder();
                List<Integer> raws = new ArrayList<>();
                int k = v + 1;
                while (k < n && text.charAt(k) != q) {
                    char c = text.charAt(k);
                    raws.add(k);
                    if (q == '"' && c == '\\' && k + 1 < n) {
                        char e = text.charAt(k + 1);
                        switch (e) {
                            case 'n' -> out.append('\n');
                            case 'r' -> out.append('\r');
                            case 't' -> out.append('\t');
                            case '\\', '"', '$' -> out.append(e);
                            default -> { out.append(c); raws.add(k + 1); out.append(e); }
                        }
                        k += 2;
                        continue;
                    }
                    out.append(c);
                    k++;
                }
                if (k >= n) {
                    throw CliException.usage("has an unclosed " + q + " quote starting at line " + lines.lineOf(v),
                            "the quotes of that value");
                }
                end = k + 1;
                value = out.toString();
                rawOfDecoded = raws.stream().mapToInt(Integer::intValue).toArray();
                int close = end;
                int after = skipBlanks(text, close);
                int afterEol = endOfLine(text, after);
                if (after < afterEol && text.charAt(after) != '#') {
                    throw CliException.usage("has text after a closing quote at line " + lines.lineOf(after),
                            "the quotes of that value; start a comment with ' #'");
                }
                pos = nextLine(text, afterEol);
            } else {
                end = eol;
                for (int k = v; k < eol; k++) {
                    if (text.charAt(k) == '#' && k > v && isBlank(text.charAt(k - 1))) {
                        end = k;
                        break;
                    }
                }
                while (end > v && isBlank(text.charAt(end - 1))) end--;
                value = text.substring(v, end);
                rawOfDecoded = new int[0];
                pos = nextLine(text, eol);
            }
            int fallback = start;
            int[] map = rawOfDecoded;
            slots.add(new Slot(start, end, value, d -> lines.lineOf(d < map.length ? map[d] : fallback + d),
                    DotenvDocument::encode));
        }
        return slots;
    }

    /** A value that the dialect above reads back as exactly {@code value}. */
    static String encode(String value) {
        if (UNQUOTED_SAFE.matcher(value).matches()) return value;
        if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return "'" + value + "'";
        StringBuilder sb = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '$' -> sb.append("\\$");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && isBlank(text.charAt(i))) i++;
        return i;
    }

    private static int endOfLine(String text, int i) {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') i++;
        return i;
    }

    private static int nextLine(String text, int i) {
        int n = text.length();
        if (i < n && text.charAt(i) == '\r') i++;
        if (i < n && text.charAt(i) == '\n') i++;
        return i;
    }
}
