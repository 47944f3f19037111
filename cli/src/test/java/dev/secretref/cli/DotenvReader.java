package dev.secretref.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small, independent reader of the documented .env dialect (not the CLI's parser): comments, blank
 * lines, optional {@code export}, unquoted values with ' #' comments, literal single quotes, double quotes
 * with \\ \" \n \r \t \$ escapes; quoted values may span lines.
 */
final class DotenvReader {
    private DotenvReader() { }

    static Map<String, String> read(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
            if (i < n && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) { i++; continue; }
            if (i < n && text.charAt(i) == '#') { while (i < n && text.charAt(i) != '\n') i++; continue; }
            if (i >= n) break;
            if (text.startsWith("export ", i)) i += 7;
            int eq = text.indexOf('=', i);
            String key = text.substring(i, eq).strip();
            i = eq + 1;
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
            StringBuilder v = new StringBuilder();
            char q = i < n ? text.charAt(i) : '\n';
            if (q == '\'') {
                int close = text.indexOf('\'', i + 1);
                v.append(text, i + 1, close);
                i = close + 1;
            } else if (q == '"') {
                i++;
                while (text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    if (c == '\\') {
                        char e = text.charAt(i++);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case 'r' -> v.append('\r');
                            case 't' -> v.append('\t');
                            case '\\', '"', '$' -> v.append(e);
                            default -> v.append('\\').append(e);
                        }
                    } else {
                        v.append(c);
                    }
                }
                i++;
            } else {
                int eol = i;
                while (eol < n && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') eol++;
                String raw = text.substring(i, eol);
                int hash = raw.indexOf(" #");
                v.append((hash >= 0 ? raw.substring(0, hash) : raw).strip());
                i = eol;
            }
            while (i < n && text.charAt(i) != '\n') i++;   // rest of the line: blanks or a comment
            out.put(key, v.toString());
        }
        return out;
    }
}
