package dev.secretref.store;

import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The store's view of the resolver: writers of managers, and reads of a credential's fields through references. */
final class Values {
    private final SecretResolver resolver;

    Values(SecretResolver resolver) {
        this.resolver = resolver;
    }

    SecretResolver resolver() { return resolver; }

    /** The manager's writer, which drops what it overwrites from this node's cache. */
    SecretWriter writer(String manager) {
        return resolver.writer(manager);
    }

    boolean hasManager(String manager) {
        return resolver.managerNames().contains(manager);
    }

    /** The fields at {@code paths} of {@code manager}, through the resolver's cache. */
    Map<String, String> read(String manager, Map<String, String> paths) {
        Map<String, String> refs = new LinkedHashMap<>();
        paths.forEach((f, p) -> refs.put(f, Pointer.reference(manager, p)));
        return read(refs);
    }

    /**
     * The fields {@code references} (field to reference string) name, through the resolver's cache. The resolver
     * returns a new map (each value is a reference), so it is wrapped, not copied.
     */
    Map<String, String> read(Map<String, String> references) {
        return Collections.unmodifiableMap(resolver.resolve(references));
    }

    /** As {@link #read}, bypassing this node's cache: a move must copy what the store holds now. */
    Map<String, String> readFresh(String manager, Map<String, String> paths) {
        invalidate(manager, paths);
        return read(manager, paths);
    }

    /** Drops the paths from this node's cache (another node changed them). */
    void invalidate(String manager, Map<String, String> paths) {
        if (!hasManager(manager)) return;
        for (String p : paths.values()) resolver.invalidate(manager, p);
    }
}
