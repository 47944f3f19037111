package dev.secretref.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A credential row with its field paths: where its values live. Immutable; never holds a value. */
final class Pointer {
    final String id;
    final String environment;
    final String manager;
    final String assignedManager;   // null = routed
    final long createdAt;
    final long updatedAt;
    final long revision;
    final Map<String, String> paths;   // field -> path in the manager, in field order
    private final Map<String, String> references;   // field -> reference string, made once: get() resolves it as is

    Pointer(String id, String environment, String manager, String assignedManager, long createdAt, long updatedAt,
            long revision, Map<String, String> paths) {
        this.id = id;
        this.environment = environment;
        this.manager = manager;
        this.assignedManager = assignedManager;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.revision = revision;
        this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        Map<String, String> refs = new LinkedHashMap<>();
        this.paths.forEach((f, p) -> refs.put(f, reference(manager, p)));
        this.references = Collections.unmodifiableMap(refs);
    }

    static String reference(String manager, String path) {
        return "{{" + manager + "|ap_sep_v1|" + path + "}}";
    }

    /** Field to reference string. */
    /** Field to reference string, in field order; unmodifiable. */
    Map<String, String> references() {
        return references;
    }

    Pointer moved(String newManager, Map<String, String> newPaths, long now) {
        return new Pointer(id, environment, newManager, assignedManager, createdAt, now, revision + 1, newPaths);
    }

    CredentialInfo info() {
        return new CredentialInfo(id, environment, manager, assignedManager, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(updatedAt), revision);
    }

    @Override
    public String toString() {
        return "Pointer[" + id + ", " + manager + ", rev " + revision + ", fields=" + paths.keySet() + "]";
    }
}
