package dev.secretref;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The paths a manager may serve ({@link ManagerDefinition#allowPaths}): globs matched against a path as
 * written in a reference, without its {@code ?…} suffix. {@code *} matches any characters except
 * {@code /}; {@code **} matches any characters including {@code /}. No globs: every path is allowed.
 */
final class PathAllowList implements java.util.function.Predicate<String> {
    static final PathAllowList ANY = new PathAllowList(List.of(), List.of());

    private final List<String> globs;
    private final List<Pattern> patterns;

    private PathAllowList(List<String> globs, List<Pattern> patterns) {
        this.globs = globs;
        this.patterns = patterns;
    }

    static PathAllowList of(List<String> globs) {
        if (globs.isEmpty()) return ANY;
        List<Pattern> patterns = new ArrayList<>(globs.size());
        for (String g : globs) patterns.add(compile(Objects.requireNonNull(g, "glob")));
        return new PathAllowList(List.copyOf(globs), List.copyOf(patterns));
    }

    /** Whether every path is allowed (no allow-list was set). */
    boolean allowsEverything() { return patterns.isEmpty(); }

    List<String> globs() { return globs; }

    /** The same as {@link #allows}: the list as the path filter of a search. */
    @Override
    public boolean test(String path) { return allows(path); }

    boolean allows(String path) {
        if (patterns.isEmpty()) return true;
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        for (Pattern p : patterns) {
            if (p.matcher(bare).matches()) return true;
        }
        return false;
    }

    static Pattern compile(String glob) {
        if (glob.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG, "An allowed-path glob must not be empty");
        }
        StringBuilder re = new StringBuilder(glob.length() + 16);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                literal.append(c);
                continue;
            }
            if (literal.length() > 0) {
                re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else {
                re.append("[^/]*");
            }
        }
        if (literal.length() > 0) re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathAllowList a && a.globs.equals(globs);
    }

    @Override
    public int hashCode() { return globs.hashCode(); }

    @Override
    public String toString() { return patterns.isEmpty() ? "any path" : "paths " + globs; }
}
