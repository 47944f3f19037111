package dev.secretref;

import java.util.Objects;
import java.util.Optional;

/** Who is resolving: no project (platform-wide managers only) or one project. */
public final class ResolutionContext {
    private static final ResolutionContext NONE = new ResolutionContext(null);

    private final String projectId;

    private ResolutionContext(String projectId) {
        this.projectId = projectId;
    }

    /** No project: only platform-wide managers are reachable (least privilege). */
    public static ResolutionContext none() { return NONE; }

    /** A call made for {@code projectId}: platform-wide managers and those scoped to it. */
    public static ResolutionContext project(String projectId) {
        Objects.requireNonNull(projectId, "projectId");
        if (projectId.isBlank()) throw new IllegalArgumentException("projectId must not be blank");
        return new ResolutionContext(projectId);
    }

    public Optional<String> projectId() { return Optional.ofNullable(projectId); }

    @Override
    public boolean equals(Object o) { return o instanceof ResolutionContext c && Objects.equals(c.projectId, projectId); }

    @Override
    public int hashCode() { return Objects.hashCode(projectId); }

    @Override
    public String toString() { return projectId == null ? "ResolutionContext[none]" : "ResolutionContext[project=" + projectId + "]"; }
}
