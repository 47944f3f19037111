package dev.secretref;

import java.util.Objects;

/**
 * A registered manager at run time: its definition's name, provider id, scope and allowed paths, and its
 * cache. Decides who may use it ({@link #check}) before any cache or store access.
 */
final class Manager {
    final String name;
    final String providerId;
    final Scope scope;
    final PathAllowList allowList;
    final ManagerCache cache;
    /** Paths each credential name was last written to through this manager ({@link ManagerWriter}). */
    final java.util.Map<String, java.util.Set<String>> writtenPaths = ManagerWriter.newMemory();

    Manager(String name, String providerId, Scope scope, PathAllowList allowList, ManagerCache cache) {
        this.name = name;
        this.providerId = providerId;
        this.scope = scope;
        this.allowList = Objects.requireNonNull(allowList, "allowList");
        this.cache = cache;
    }

    /** Throws {@code SCOPE_DENIED} unless a caller in {@code context} may use this manager at all. */
    void checkScope(ResolutionContext context) {
        if (!scope.allows(context)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.SCOPE_DENIED)
                    .manager(name).provider(providerId)
                    .message("Manager '" + name + "' may not be used "
                            + context.projectId().map(p -> "by project '" + p + "'").orElse("without a project context")
                            + "; it is limited to specific projects").build();
        }
    }

    /** Throws {@code SCOPE_DENIED} unless {@code path} is one this manager may serve. */
    void checkPath(String path) {
        if (!allowList.allows(path)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.SCOPE_DENIED)
                    .manager(name).provider(providerId).path(path)
                    .message("Manager '" + name + "' may not serve this path: it is outside the manager's allowed paths "
                            + "(ManagerDefinition.allowPaths); check the path or the allow-list").build();
        }
    }

    /** Both checks, as every reference gets them. */
    void check(ResolutionContext context, String path) {
        try {
            checkScope(context);
        } catch (SecretManagerException e) {
            throw e.withContext(name, providerId, path);
        }
        checkPath(path);
    }

    @Override
    public String toString() {
        return "Manager[" + name + ", " + providerId + ", " + scope + ", " + allowList + "]";
    }
}
