package dev.secretref;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/** Who may use a manager: the whole platform, or only some projects. */
public final class Scope {
    private static final Scope PLATFORM = new Scope(null);

    private final Set<String> projects;   // null = platform-wide

    private Scope(Set<String> projects) {
        this.projects = projects;
    }

    /** Usable by every caller, with or without a project context. The default. */
    public static Scope platformWide() { return PLATFORM; }

    /** Usable only by calls whose {@link ResolutionContext} names one of these projects. */
    public static Scope projects(String... projectIds) {
        return projects(Set.of(Arrays.stream(projectIds).map(p -> Objects.requireNonNull(p, "project id")).toArray(String[]::new)));
    }

    public static Scope projects(Set<String> projectIds) {
        if (projectIds.isEmpty()) throw new IllegalArgumentException("a project scope needs at least one project id");
        return new Scope(Set.copyOf(projectIds));
    }

    public boolean isPlatformWide() { return projects == null; }

    /** The project ids, empty when platform-wide. */
    public Set<String> projectIds() { return projects == null ? Set.of() : projects; }

    /** Whether a call in {@code context} may use a manager of this scope. */
    public boolean allows(ResolutionContext context) {
        return projects == null || context.projectId().map(projects::contains).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && Objects.equals(s.projects, projects);
    }

    @Override
    public int hashCode() { return Objects.hashCode(projects); }

    @Override
    public String toString() { return projects == null ? "Scope[platform]" : "Scope[projects=" + projects + "]"; }
}
