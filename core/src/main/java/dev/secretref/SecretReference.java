package dev.secretref;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reference to one secret: {@code {{manager|ap_sep_v1|path}}}.
 *
 * <p>The grammar: {@code "{{" manager "|ap_sep_v1|" path "}}"}. {@code path} is everything after the first
 * separator up to the closing {@code }}}, so a path may itself contain {@code |ap_sep_v1|}; whitespace
 * around manager and path is trimmed. Text with no {@code |ap_sep_v1|} inside {@code {{ }}} is a plain
 * literal ({@code "{{step_1.output}}"}). Text that opens {@code {{} and has the separator but is malformed
 * (unclosed, empty manager, empty path) is a {@code VALIDATION / INVALID_REFERENCE} error, never a literal.
 * Scanning is linear in the length of the text.
 */
public final class SecretReference {
    /** The separator between manager and path. */
    public static final String SEPARATOR = "|ap_sep_v1|";

    /** How many characters of a reference, path or name a message quotes before {@link #abbreviate} cuts it. */
    public static final int MAX_QUOTED_LENGTH = 200;

    private final String manager;
    private final String path;
    private final int hash;             // a deep resolve hashes each reference several times

    private SecretReference(String manager, String path) {
        this.manager = manager;
        this.path = path;
        this.hash = manager.hashCode() * 31 + path.hashCode();
    }

    /** A reference to {@code path} in {@code manager}; both are trimmed and must not be empty. */
    public static SecretReference of(String manager, String path) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(path, "path");
        String m = manager.strip();
        String p = path.strip();
        if (m.isEmpty() || p.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "A secret reference needs a manager name and a path: {{manager|ap_sep_v1|path}}");
        }
        return new SecretReference(m, p);
    }

    /** Used by the scanner, which has already trimmed and checked both parts. */
    static SecretReference ofTrusted(String manager, String path) {
        return new SecretReference(manager, path);
    }

    /**
     * Parses text that is exactly one reference (outer whitespace ignored).
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} if it is anything else
     */
    public static SecretReference parse(String text) {
        Objects.requireNonNull(text, "text");
        Template t = Template.scan(text);
        if (t == null || !t.isWholeReference()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "Not a single secret reference; expected {{manager|ap_sep_v1|path}}");
        }
        return t.reference(0);
    }

    /**
     * Every reference in {@code text}, in order, duplicates included.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} if one is malformed
     */
    public static List<SecretReference> findAll(String text) {
        Objects.requireNonNull(text, "text");
        Template t = Template.scan(text);
        if (t == null) {
            return List.of();
        }
        List<SecretReference> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(t.reference(i));
        }
        return out;
    }

    /**
     * Where the references of {@code text} stand, for tools that rewrite text in place (the CLI, linters).
     * Never throws for bad input: a malformed reference ends the list with an entry whose
     * {@link Located#problem()} says what is wrong and whose {@link Located#start()} is where it starts.
     */
    public static List<Located> locate(String text) {
        Objects.requireNonNull(text, "text");
        List<Located> out = new ArrayList<>();
        try {
            Template.scanInto(text, (start, end, manager, path) ->
                    out.add(new Located(start, end, new SecretReference(manager, path), null)));
        } catch (Template.Malformed m) {
            out.add(new Located(m.offset, text.length(), null, "it " + m.problem));
        }
        return out;
    }

    /** One reference found by {@link #locate}: {@code text.substring(start(), end())} is its text. */
    public static final class Located {
        private final int start;
        private final int end;
        private final SecretReference reference;
        private final String problem;

        private Located(int start, int end, SecretReference reference, String problem) {
            this.start = start;
            this.end = end;
            this.reference = reference;
            this.problem = problem;
        }

        /** Offset of its opening {@code {{}. */
        public int start() { return start; }
        /** Offset just past its closing {@code }}} (the end of the text when it is not closed). */
        public int end() { return end; }
        /** The reference; empty when it is malformed. */
        public Optional<SecretReference> reference() { return Optional.ofNullable(reference); }
        public boolean isMalformed() { return problem != null; }
        /** What is wrong, e.g. "it has an empty path"; empty when well-formed. */
        public Optional<String> problem() { return Optional.ofNullable(problem); }

        @Override
        public String toString() {
            return (problem == null ? reference.toString() : "malformed (" + problem + ")") + "@" + start + ".." + end;
        }
    }

    /**
     * {@code text} as a message may quote it: unchanged up to {@value #MAX_QUOTED_LENGTH} characters, else its first
     * {@value #MAX_QUOTED_LENGTH} characters followed by {@code …}. References and paths come from user input and can
     * be megabytes long; every message that echoes one goes through here. Never splits a surrogate pair.
     * {@code null} stays {@code null}.
     */
    public static String abbreviate(String text) {
        if (text == null || text.length() <= MAX_QUOTED_LENGTH) return text;
        int end = MAX_QUOTED_LENGTH;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end) + "…";
    }

    /**
     * Whether {@code value} holds a reference anywhere: a string, or a string value inside a map,
     * collection, array or Jackson tree (map keys and field names are not resolved, so they do not
     * count). A malformed reference counts: resolving it fails.
     */
    public static boolean containsReference(Object value) {
        // iterative: a structure nested thousands of levels deep must not overflow the stack
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> pending = new ArrayDeque<>();
        Object next = value;
        while (true) {
            if (next instanceof String s) {
                if (Template.mayContainReference(s)) return true;
            } else if (next instanceof JsonNode node && node.isTextual()) {
                if (Template.mayContainReference(node.textValue())) return true;
            } else if (next != null && seen.put(next, Boolean.TRUE) == null) {
                if (next instanceof Map<?, ?> map) {
                    for (Object v : map.values()) if (v != null) pending.push(v);
                } else if (next instanceof Collection<?> c) {
                    for (Object o : c) if (o != null) pending.push(o);
                } else if (next instanceof Object[] array) {
                    for (Object o : array) if (o != null) pending.push(o);
                } else if (next instanceof JsonNode node) {
                    for (JsonNode child : node) pending.push(child);
                }
            }
            if (pending.isEmpty()) return false;
            next = pending.pop();
        }
    }

    /** The manager name, trimmed. */
    public String manager() { return manager; }

    /** The path in the provider's syntax, trimmed. */
    public String path() { return path; }

    /** The canonical form {@code {{manager|ap_sep_v1|path}}}. References name secrets; they are not secret. */
    @Override
    public String toString() {
        return "{{" + manager + SEPARATOR + path + "}}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretReference r && r.hash == hash && r.manager.equals(manager) && r.path.equals(path);
    }

    @Override
    public int hashCode() {
        return hash;
    }

}
