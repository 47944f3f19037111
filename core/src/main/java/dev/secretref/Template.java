package dev.secretref;

import java.util.ArrayList;
import java.util.List;

/**
 * A string cut into literal text and references. {@link #scan} returns {@code null} for the common
 * case of a string with no reference, so plain strings cost one {@code indexOf}.
 */
final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final String SEP = SecretReference.SEPARATOR;

    private final String[] literals;          // literals.length == refs.length + 1
    private final SecretReference[] refs;

    private final boolean whole;
    /**
     * The manager the first reference was last routed to, and in which table: routing depends on nothing else, so
     * a single-reference resolve of a cached template skips the table lookup while the table is unchanged.
     * Written racily; a reader sees null or a complete {@link Routed} (final fields).
     */
    private Routed routed;

    /** A routing result and the table it came from. */
    static final class Routed {
        final ManagerTable table;
        final Manager manager;

        Routed(ManagerTable table, Manager manager) {
            this.table = table;
            this.manager = manager;
        }
    }

    private Template(String[] literals, SecretReference[] refs) {
        this.literals = literals;
        this.refs = refs;
        this.whole = refs.length == 1 && literals[0].isBlank() && literals[1].isBlank();
    }

    /** A template with no reference, used as a "scanned, nothing found" marker. */
    static Template marker() {
        return new Template(new String[] {""}, new SecretReference[0]);
    }

    /** Whether {@code s} may hold a reference: a cheap test, true for malformed ones too. */
    static boolean mayContainReference(String s) {
        int open = s.indexOf(OPEN);
        return open >= 0 && s.indexOf(SEP, open + 2) >= 0;
    }

    /** Receives what {@link #scanInto} finds. */
    interface Sink {
        /** A reference spanning {@code [start, end)} of the text. */
        void reference(int start, int end, String manager, String path);
    }

    /** A malformed reference at {@code offset}; {@code problem} completes "it ...". */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;
        final String problem;

        Malformed(int offset, String problem) {
            super(problem, null, false, false);
            this.offset = offset;
            this.problem = problem;
        }
    }

    /**
     * The grammar, once: reports each reference of {@code s} to {@code sink}, in order. Linear in the
     * length of {@code s}: each "{{", separator and "}}" position is searched for once.
     *
     * @throws Malformed at the first malformed reference
     */
    static void scanInto(String s, Sink sink) {
        int sep = s.indexOf(SEP);
        int i = 0;           // where to look for the next "{{"
        int close = -1;      // cached position of the next "}}" at or after some point
        int n = s.length();
        while (sep >= 0 && i < n) {
            int open = s.indexOf(OPEN, i);
            if (open < 0) break;
            if (sep < open + 2) sep = s.indexOf(SEP, open + 2);
            if (sep < 0) break;                       // no separator left: nothing more can be a reference
            if (close < open + 2) close = s.indexOf(CLOSE, open + 2);
            if (close >= 0 && close < sep) {          // "{{ ... }}" without a separator: a literal
                i = close + 2;
                continue;
            }
            int start = s.lastIndexOf(OPEN, sep - 2); // the "{{" nearest the separator opens the reference
            if (start < open) start = open;
            if (close < 0) throw new Malformed(start, "is not closed with }}");
            String manager = s.substring(start + 2, sep).strip();
            String path = s.substring(sep + SEP.length(), close).strip();
            if (manager.isEmpty()) throw new Malformed(start, "has an empty manager name");
            if (path.isEmpty()) throw new Malformed(start, "has an empty path");
            sink.reference(start, close + 2, manager, path);
            i = close + 2;
        }
    }

    /**
     * Scans {@code s}; {@code null} when it holds no reference.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} for a malformed reference,
     *     naming its line and column (never the text around it, which may be a value)
     */
    static Template scan(String s) {
        if (s.indexOf(SEP) < 0) {
            return null;
        }
        List<String> literals = new ArrayList<>(2);
        List<SecretReference> refs = new ArrayList<>(1);
        int[] from = {0};
        try {
            scanInto(s, (start, end, manager, path) -> {
                literals.add(s.substring(from[0], start));
                refs.add(SecretReference.ofTrusted(manager, path));
                from[0] = end;
            });
        } catch (Malformed m) {
            throw malformed(s, m.offset, m.problem);
        }
        if (refs.isEmpty()) {
            return null;
        }
        literals.add(s.substring(from[0]));
        return new Template(literals.toArray(new String[0]), refs.toArray(new SecretReference[0]));
    }

    private static SecretManagerException malformed(String s, int at, String problem) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < at; k++) {
            if (s.charAt(k) == '\n') { line++; col = 1; } else { col++; }
        }
        return SecretManagerException.validation(Reason.INVALID_REFERENCE,
                "Malformed secret reference at line " + line + ", column " + col + ": it " + problem
                        + ". Expected {{manager|ap_sep_v1|path}}.");
    }

    int size() { return refs.length; }

    /** The manager {@code table} routes the first reference to ({@link ManagerTable#route}), remembered per table. */
    Manager routeFirst(ManagerTable table, ResolutionContext context) {
        Routed r = routed;
        if (r != null && r.table == table) return r.manager;
        Manager m = table.route(refs[0].manager(), context);
        routed = new Routed(table, m);
        return m;
    }

    SecretReference reference(int i) { return refs[i]; }

    /** True when the string is exactly one reference, outer whitespace ignored. */
    boolean isWholeReference() {
        return whole;
    }

    /** The string with each reference replaced by {@code values[i]}. */
    String render(String[] values) {
        if (whole) return values[0];
        int length = literals[refs.length].length();
        for (int i = 0; i < refs.length; i++) length += literals[i].length() + values[i].length();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < refs.length; i++) {
            sb.append(literals[i]).append(values[i]);
        }
        return sb.append(literals[refs.length]).toString();
    }
}
