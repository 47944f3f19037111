package dev.secretref;

import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writer {@link SecretResolver#writer} hands out: a provider's {@link SecretWriter} behind the
 * manager's rules. It checks the name, checks the manager's allowed paths before the store is called
 * (when the provider can say which paths a write produces) and always against the paths it returned,
 * translates and scrubs the provider's errors (configured credentials and the written values are masked),
 * and after a write or delete drops exactly the affected paths from the manager's cache (local and shared),
 * so the next resolve reads the new value.
 */
final class ManagerWriter implements SecretWriter {
    private static final int REMEMBERED_NAMES = 10_000;

    private final Manager manager;
    private final ProviderGateway gateway;
    private final SecretWriter delegate;
    /** Paths each name was last written to through this manager, so a rewrite or delete also drops old fields. */
    private final Map<String, Set<String>> written;

    ManagerWriter(Manager manager, SecretWriter delegate) {
        this.manager = manager;
        this.gateway = manager.cache.provider();
        this.delegate = delegate;
        this.written = manager.writtenPaths;
    }

    static Map<String, Set<String>> newMemory() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        Objects.requireNonNull(fields, "fields");
        List<String> values = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey() == null || f.getKey().isEmpty() || f.getValue() == null) {
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                        .manager(manager.name).provider(manager.providerId)
                        .message("Every field of a written secret needs a non-empty name and a non-null value").build();
            }
            values.add(f.getValue());
        }
        if (fields.isEmpty()) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .manager(manager.name).provider(manager.providerId)
                    .message("A written secret needs at least one field").build();
        }
        Map<String, String> copy = Map.copyOf(fields);
        predicted(name, copy.keySet()).ifPresent(p -> p.values().forEach(manager::checkPath));
        Map<String, String> paths;
        try {
            paths = delegate.write(name, copy);
        } catch (RuntimeException e) {
            invalidate(name, Set.of());        // a failed write may still have changed the store
            throw gateway.translate(e, null, values, ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        }
        if (paths == null || !paths.keySet().equals(copy.keySet()) || paths.containsValue(null)) {
            invalidate(name, Set.of());
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .manager(manager.name).provider(manager.providerId)
                    .message("Provider " + manager.providerId + " wrote the secret but did not return one path per "
                            + "field (a provider bug)").build();
        }
        Map<String, String> result = Map.copyOf(new LinkedHashMap<>(paths));
        invalidate(name, Set.copyOf(result.values()));
        for (String p : result.values()) {
            if (!manager.allowList.allows(p)) {
                SecretManagerException e = SecretManagerException.builder(ErrorCode.VALIDATION, Reason.SCOPE_DENIED)
                        .manager(manager.name).provider(manager.providerId).path(p)
                        .message("Manager '" + SecretReference.abbreviate(manager.name) + "' wrote '" + SecretReference.abbreviate(name) + "' to a path outside its allowed "
                                + "paths (ManagerDefinition.allowPaths); the provider could not tell the path before "
                                + "writing. Fix the writePrefix or the allow-list, and delete the secret").build();
                throw e;
            }
        }
        remember(name, result.values());
        return result;
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        Set<String> known = new LinkedHashSet<>(written.getOrDefault(name, Set.of()));
        predicted(name, Set.of()).ifPresent(p -> known.addAll(p.values()));
        known.forEach(manager::checkPath);
        try {
            delegate.delete(name);
        } catch (RuntimeException e) {
            invalidate(name, known);
            throw gateway.translate(e, null, List.of(), ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        } 
        invalidate(name, known);
        written.remove(name);
    }

    @Override
    public Optional<Map<String, String>> paths(String name, Set<String> fields) {
        return predicted(SecretWriter.requireValidName(name), Set.copyOf(fields));
    }

    private Optional<Map<String, String>> predicted(String name, Set<String> fields) {
        try {
            Optional<Map<String, String>> p = delegate.paths(name, fields);
            return p == null ? Optional.empty() : p;
        } catch (RuntimeException e) {
            throw gateway.translate(e, null, List.of(), ErrorCode.VALIDATION);
        }
    }

    /**
     * Drops {@code paths} and whatever this name was last written to from the caches. When no path of the
     * name is known at all, the whole manager goes: a stale value must never outlive a write.
     */
    private void invalidate(String name, Set<String> paths) {
        Set<String> all = new LinkedHashSet<>(paths);
        all.addAll(written.getOrDefault(name, Set.of()));
        if (all.isEmpty()) {
            manager.cache.invalidateAll();
            return;
        }
        for (String p : all) manager.cache.invalidate(p);
    }

    private void remember(String name, java.util.Collection<String> paths) {
        if (written.size() >= REMEMBERED_NAMES && !written.containsKey(name)) written.clear();   // bounded; forgetting only widens invalidation
        written.put(name, Set.copyOf(paths));
    }

    @Override
    public String toString() {
        return "SecretWriter[manager=" + manager.name + ", provider=" + manager.providerId + "]";
    }
}
