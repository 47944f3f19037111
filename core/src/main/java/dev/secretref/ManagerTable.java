package dev.secretref;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of the registered managers, by name and by provider id (for aliases). */
final class ManagerTable {
    private final Map<String, Manager> byName;
    private final Map<String, List<Manager>> byProvider;

    ManagerTable(Map<String, Manager> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        Map<String, List<Manager>> p = new HashMap<>();
        for (Manager m : byName.values()) p.computeIfAbsent(m.providerId, k -> new ArrayList<>()).add(m);
        this.byProvider = p;
    }

    Map<String, Manager> byName() { return byName; }

    /**
     * The manager {@code name} means: a registered name, else the only manager using a provider of that id.
     * One rule for every operation (resolve, test, list, write, invalidate). An ambiguous provider id names
     * only the managers {@code context} may use.
     *
     * @throws SecretManagerException {@code VALIDATION / UNKNOWN_MANAGER} when nothing or several managers match
     */
    Manager route(String name, ResolutionContext context) {
        Manager m = byName.get(name);
        if (m != null) return m;
        List<Manager> candidates = byProvider.get(name);
        if (candidates != null && candidates.size() == 1) return candidates.get(0);
        if (candidates != null) {
            List<String> visible = candidates.stream().filter(c -> c.scope.allows(context)).map(c -> c.name).sorted().toList();
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNKNOWN_MANAGER).manager(name).provider(name)
                    .message("'" + SecretReference.abbreviate(name) + "' is a provider id used by several managers"
                            + (visible.isEmpty() ? "" : " (" + String.join(", ", visible) + ")")
                            + "; name the manager in the reference instead").build();
        }
        throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNKNOWN_MANAGER).manager(name)
                .message("No secret manager named '" + SecretReference.abbreviate(name) + "' is registered; check the name in the reference "
                        + "against the managers given to SecretResolver.builder()").build();
    }
}
