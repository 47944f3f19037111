package dev.secretref.store;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which manager holds new credentials: one per environment, and a default. A credential goes to its assigned
 * manager; else its environment's manager; else the default manager; else the built-in encrypted local store
 * (manager {@code local}). Immutable.
 *
 * <pre>{@code
 * Routing r = Routing.builder().defaultManager("vault").environment("production", "prod-aws").build();
 * }</pre>
 */
public final class Routing {
    private static final Routing NONE = new Routing(null, Map.of());

    private final String defaultManager;
    private final Map<String, String> environments;

    private Routing(String defaultManager, Map<String, String> environments) {
        this.defaultManager = defaultManager;
        this.environments = Collections.unmodifiableMap(new TreeMap<>(environments));
    }

    /** No routes: every credential goes to the local store unless assigned. */
    public static Routing none() { return NONE; }

    public static Builder builder() { return new Builder(); }

    /** The manager of credentials whose environment has none. */
    public Optional<String> defaultManager() { return Optional.ofNullable(defaultManager); }

    /** Environment to manager, sorted by environment. */
    public Map<String, String> environments() { return environments; }

    /** The manager a credential of {@code environment} goes to when it is not assigned: environment, default, local. */
    public String managerFor(String environment) {
        String m = environments.get(environment);
        if (m != null) return m;
        return defaultManager != null ? defaultManager : CredentialStore.LOCAL;
    }

    /** The target of a credential: its assigned manager, else {@link #managerFor}. */
    String target(String environment, String assignedManager) {
        return assignedManager != null ? assignedManager : managerFor(environment);
    }

    /** This routing with every route to {@code manager} removed. */
    Routing without(String manager) {
        Map<String, String> env = new LinkedHashMap<>(environments);
        env.values().removeIf(manager::equals);
        return new Routing(manager.equals(defaultManager) ? null : defaultManager, env);
    }

    /** True when some route names {@code manager}. */
    boolean uses(String manager) {
        return manager.equals(defaultManager) || environments.containsValue(manager);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Routing r && Objects.equals(r.defaultManager, defaultManager) && r.environments.equals(environments);
    }

    @Override
    public int hashCode() { return Objects.hash(defaultManager, environments); }

    @Override
    public String toString() {
        return "Routing[default=" + (defaultManager == null ? CredentialStore.LOCAL + " (built-in)" : defaultManager)
                + ", environments=" + environments + "]";
    }

    /** Builds a {@link Routing}; the default may be set once, each environment once. */
    public static final class Builder {
        private String defaultManager;
        private final Map<String, String> environments = new LinkedHashMap<>();

        private Builder() { }

        /** The manager of credentials whose environment has no manager of its own. */
        public Builder defaultManager(String manager) {
            if (defaultManager != null) throw new IllegalStateException("defaultManager was already set");
            defaultManager = requireManager(manager);
            return this;
        }

        /** The manager of credentials in {@code environment}. */
        public Builder environment(String environment, String manager) {
            Names.environment(environment);
            if (environments.containsKey(environment)) {
                throw new IllegalStateException("environment '" + environment + "' was already routed");
            }
            environments.put(environment, requireManager(manager));
            return this;
        }

        public Routing build() {
            return new Routing(defaultManager, environments);
        }

        private static String requireManager(String manager) {
            Objects.requireNonNull(manager, "manager");
            String m = manager.strip();
            if (m.isEmpty() || m.length() > 128 || m.contains("|") || m.contains("{") || m.contains("}")) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "A manager name must be 1 to 128 characters without '|', '{' or '}'");
            }
            return m;
        }
    }
}
