package dev.secretref.cli;

import dev.secretref.SecretReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the references in one decoded value together with their positions, which the core's
 * {@link SecretReference#findAll} does not give. Follows the same grammar, step for step, so a string
 * the core would treat as a literal is a literal here too.
 */
final class ReferenceScanner {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final String SEP = SecretReference.SEPARATOR;

    private ReferenceScanner() { }

    /** One reference: {@code value.substring(start, end)} is its text. */
    record Span(int start, int end, SecretReference reference) { }

    /** A malformed reference starting at {@code offset} of the value. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        Malformed(int offset, String problem) {
            super(problem, null, false, false);
            this.offset = offset;
        }
    }

    /** The references in {@code s}, in order; empty when it holds none. */
    static List<Span> scan(String s) throws Malformed {
        int sep = s.indexOf(SEP);
        if (sep < 0) return List.of();
        List<Span> spans = new ArrayList<>();
        int i = 0;
        int close = -1;
        int n = s.length();
        while (i < n) {
            int open = s.indexOf(OPEN, i);
            if (open < 0) break;
            if (sep >= 0 && sep < open + 2) sep = s.indexOf(SEP, open + 2);
            if (sep < 0) break;
            if (close < open + 2) close = s.indexOf(CLOSE, open + 2);
            if (close >= 0 && close < sep) {       // "{{ ... }}" without a separator: a literal
                i = close + 2;
                continue;
            }
            int start = s.lastIndexOf(OPEN, sep - 2);
            if (start < open) start = open;
            if (close < 0) throw new Malformed(start, "it is not closed with }}");
            String manager = s.substring(start + 2, sep).strip();
            String path = s.substring(sep + SEP.length(), close).strip();
            if (manager.isEmpty()) throw new Malformed(start, "it has an empty manager name");
            if (path.isEmpty()) throw new Malformed(start, "it has an empty path");
            spans.add(new Span(start, close + 2, SecretReference.of(manager, path)));
            i = close + 2;
        }
        return spans;
    }
}
