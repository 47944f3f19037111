package dev.secretref;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A live, read-only view of a {@link SecretResolver} for meters and health checks: which managers exist, their
 * provider ids, how many entries their caches hold, and the state of the shared cache. Never holds or returns
 * a value. Each call reads the current state: a manager added or removed after the view was taken shows up
 * (or disappears) in it. Obtain one with {@link SecretResolver#view()}.
 */
public final class ResolverView {
    /** The state of the cache shared with other nodes ({@link SecretResolver.Builder#sharedCache}). */
    public enum SharedCacheState {
        /** No shared cache is configured. */
        NONE,
        /** The shared cache answers. */
        AVAILABLE,
        /** The last shared-cache call failed or was late; resolves go on with the local cache and the store. */
        FAILING
    }

    private final ManagerRegistry registry;
    private final SharedCacheClient shared;

    ResolverView(ManagerRegistry registry, SharedCacheClient shared) {
        this.registry = registry;
        this.shared = shared;
    }

    /** The registered managers' names, now. */
    public Set<String> managerNames() {
        return registry.table().byName().keySet();
    }

    /** The provider id of {@code manager} (a registered name); empty when no manager has that name. */
    public Optional<String> providerId(String manager) {
        Manager m = registry.table().byName().get(manager);
        return m == null ? Optional.empty() : Optional.of(m.providerId);
    }

    /**
     * How many entries the local cache of {@code manager} holds: values, and remembered not-found answers and
     * failures (approximate under concurrent loads; 0 when its cache policy disables caching). Empty when no
     * manager has that name.
     */
    public OptionalLong cacheSize(String manager) {
        Manager m = registry.table().byName().get(manager);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m.cache.size());
    }

    /** Whether a shared cache is configured and whether it answers. */
    public SharedCacheState sharedCacheState() {
        if (!shared.isPresent()) return SharedCacheState.NONE;
        return shared.isFailing() ? SharedCacheState.FAILING : SharedCacheState.AVAILABLE;
    }

    @Override
    public String toString() {
        return "ResolverView[managers=" + managerNames() + ", sharedCache=" + sharedCacheState() + "]";
    }
}
