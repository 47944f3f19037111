package dev.secretref;

import dev.secretref.spi.FetchResult;
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
                    .message("Manager '" + SecretReference.abbreviate(name) + "' may not be used "
                            + context.projectId().map(p -> "by project '" + SecretReference.abbreviate(p) + "'").orElse("without a project context")
                            + "; it is limited to specific projects").build();
        }
    }

    /** Throws {@code SCOPE_DENIED} unless {@code path} is one this manager may serve. */
    void checkPath(String path) {
        if (!allowList.allows(path)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.SCOPE_DENIED)
                    .manager(name).provider(providerId).path(path)
                    .message("Manager '" + SecretReference.abbreviate(name) + "' may not serve this path: it is outside the manager's allowed paths "
                            + "(ManagerDefinition.allowPaths); check the path or the allow-list").build();
        }
    }

    /** Both checks, as every reference gets them; a refusal is reported to the listeners ({@code onDenied}). */
    void check(ResolutionContext context, String path) {
        try {
            checkScope(context);
        } catch (SecretManagerException e) {
            throw denied(path, context, e.withContext(name, providerId, path));
        }
        try {
            checkPath(path);
        } catch (SecretManagerException e) {
            throw denied(path, context, e);
        }
    }

    private SecretManagerException denied(String path, ResolutionContext context, SecretManagerException e) {
        cache.listeners().onDenied(name, path, context, e);
        return e;
    }

    /** The value of one checked reference for a caller in {@code context}, reporting the outcome to the listeners. */
    String get(String path, ResolutionContext context) {
        String value;
        try {
            value = cache.get(path);
        } catch (SecretManagerException e) {
            cache.listeners().onResolveFailed(name, path, context, e);
            throw e;
        }
        resolved(path, context);
        return value;
    }

    /** The value in a fetched result for a caller in {@code context}; a failure is reported to the listeners. */
    String valueOf(String path, ResolutionContext context, FetchResult result) {
        if (result.isValue()) return result.valueOrThrow();
        SecretManagerException e = result.failure().orElseThrow();
        cache.listeners().onResolveFailed(name, path, context, e);
        throw e;
    }

    /** Tells the listeners a caller in {@code context} got the value of {@code path}. */
    void resolved(String path, ResolutionContext context) {
        cache.listeners().onResolved(name, path, context);
    }

    @Override
    public String toString() {
        return "Manager[" + name + ", " + providerId + ", " + scope + ", " + allowList + "]";
    }
}
