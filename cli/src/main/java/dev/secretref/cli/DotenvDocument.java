package dev.secretref.cli;

import dev.secretref.SecretReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The values of a {@code .env} file, in the dialect docker compose and most dotenv libraries share:
 * <ul>
 *   <li>{@code # comment} lines and blank lines; {@code [export ]KEY=value} lines;</li>
 *   <li>an unquoted value runs to the end of the line; {@code #} after a blank starts a comment; outer blanks are trimmed;</li>
 *   <li>{@code 'single quoted'} is literal and may span lines;</li>
 *   <li>{@code "double quoted"} may span lines and knows the escapes {@code \\ \" \n \r \t \$}.</li>
 * </ul>
 * Resolving changes only the bytes of each reference: the user's quoting, escapes, {@code $VAR} interpolation and
 * comments stay. A secret is written as it is inside single quotes and in an unquoted value when it is only letters,
 * digits and {@code _ . / : @ % + , = -}, and escaped inside double quotes ({@code $} as {@code \$}, so a secret is
 * never interpolated). When the quoting cannot hold the secret (a {@code '} inside single quotes, a blank in an
 * unquoted value), the value is re-quoted whole, keeping its meaning (see {@code Rewriter}).
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
            int[] rawStartOf;     // per decoded character: where its source starts and ends
            int[] rawEndOf;
            char quote;
            if (q == '\'' || q == '"') {
                quote = q;
                StringBuilder out = new StringBuilder();
                IntList starts = new IntList();
                IntList ends = new IntList();
                int k = v + 1;
                while (k < n && text.charAt(k) != q) {
                    char c = text.charAt(k);
                    if (q == '"' && c == '\\' && k + 1 < n) {
                        char e = text.charAt(k + 1);
                        char decoded = switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case '\\', '"', '$' -> e;
                            default -> 0;             // not an escape: both characters stand for themselves
                        };
                        if (decoded != 0) {
                            out.append(decoded);      // one character from two of source
                            starts.add(k);
                            ends.add(k + 2);
                            k += 2;
                            continue;
                        }
                    }
                    out.append(c);
                    starts.add(k);
                    ends.add(k + 1);
                    k++;
                }
                if (k >= n) {
                    throw CliException.usage("has an unclosed " + q + " quote starting at line " + lines.lineOf(v),
                            "the quotes of that value");
                }
                end = k + 1;
                value = out.toString();
                rawStartOf = starts.toArray();
                rawEndOf = ends.toArray();
                int after = skipBlanks(text, end);
                int afterEol = endOfLine(text, after);
                if (after < afterEol && text.charAt(after) != '#') {
                    throw CliException.usage("has text after a closing quote at line " + lines.lineOf(after),
                            "the quotes of that value; start a comment with ' #'");
                }
                pos = nextLine(text, afterEol);
            } else {
                quote = 0;
                end = eol;
                for (int k = v; k < eol; k++) {
                    if (text.charAt(k) == '#' && k > v && isBlank(text.charAt(k - 1))) {
                        end = k;
                        break;
                    }
                }
                while (end > v && isBlank(text.charAt(end - 1))) end--;
                value = text.substring(v, end);
                rawStartOf = new int[value.length()];
                rawEndOf = new int[value.length()];
                for (int d = 0; d < value.length(); d++) {
                    rawStartOf[d] = v + d;
                    rawEndOf[d] = v + d + 1;
                }
                pos = nextLine(text, eol);
            }
            int fallback = start;
            int[] map = rawStartOf;
            Rewriter rewriter = new Rewriter(text, start, end, value, quote, rawStartOf, rawEndOf);
            slots.add(new Slot(start, end, value, d -> lines.lineOf(d < map.length ? map[d] : fallback + d), rewriter::rewrite));
        }
        return slots;
    }

    /**
     * Rewrites one value so that only the references' own bytes change: the user's quotes, escapes, {@code $VAR}
     * interpolation and comments stay as written, and each secret is escaped for the quoting it lands in. Only when
     * a secret cannot be written inside that quoting (a {@code '} in single quotes, a blank or {@code #} in an
     * unquoted value) is the whole value re-quoted, keeping what it means: an unquoted value that interpolates
     * {@code $VAR} becomes a double-quoted one that still does.
     */
    private record Rewriter(String text, int rawStart, int rawEnd, String value, char quote, int[] rawStartOf, int[] rawEndOf) {
        String rewrite(List<Span> refs, Function<SecretReference, String> secrets) {
            StringBuilder out = new StringBuilder(rawEnd - rawStart + 32);
            int copied = rawStart;
            for (Span r : refs) {
                String secret = secrets.apply(r.reference());
                String inPlace = inPlace(secret, r.start() == 0 || r.end() == value.length());
                if (inPlace == null) return requoted(refs, secrets);
                out.append(text, copied, rawStartOf[r.start()]).append(inPlace);
                copied = rawEndOf[r.end() - 1];
            }
            return out.append(text, copied, rawEnd).toString();
        }

        /** {@code secret} written inside this value's quoting, or {@code null} when it cannot be. */
        private String inPlace(String secret, boolean atAnEdge) {
            return switch (quote) {
                case '"' -> doubleQuoted(secret);
                case '\'' -> secret.indexOf('\'') < 0 && secret.indexOf('\n') < 0 && secret.indexOf('\r') < 0 ? secret : null;
                default -> UNQUOTED_SAFE.matcher(secret).matches() || (secret.isEmpty() && !atAnEdge) ? secret : null;
            };
        }

        private String requoted(List<Span> refs, Function<SecretReference, String> secrets) {
            boolean interpolates = false;
            int from = 0;
            for (Span r : refs) {
                interpolates |= value.substring(from, r.start()).indexOf('$') >= 0;
                from = r.end();
            }
            interpolates |= value.substring(from).indexOf('$') >= 0;
            if (quote != 0 || !interpolates) return encode(Slot.substitute(value, refs, secrets));
            // unquoted with $VAR: double quotes interpolate too; escape only what double quotes would change
            StringBuilder sb = new StringBuilder(value.length() + 32).append('"');
            from = 0;
            for (Span r : refs) {
                sb.append(value.substring(from, r.start()).replace("\\", "\\\\").replace("\"", "\\\""));
                sb.append(doubleQuoted(secrets.apply(r.reference())));
                from = r.end();
            }
            sb.append(value.substring(from).replace("\\", "\\\\").replace("\"", "\\\""));
            return sb.append('"').toString();
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int size() { return size; }

        int[] toArray() { return Arrays.copyOf(a, size); }
    }

    /** {@code value} escaped for the inside of double quotes ({@code $} too, so a secret is never interpolated). */
    private static String doubleQuoted(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
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
        return sb.toString();
    }

    /** A value that the dialect above reads back as exactly {@code value}. */
    static String encode(String value) {
        if (UNQUOTED_SAFE.matcher(value).matches()) return value;
        if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return "'" + value + "'";
        return '"' + doubleQuoted(value) + '"';
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
