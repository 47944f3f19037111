package dev.secretref;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured connection: a name, a provider id, that provider's config, a scope and optionally a
 * cache policy. Immutable: {@link #scope} and {@link #cachePolicy} return changed copies.
 * {@link #toString()} shows config keys, never values.
 */
public final class ManagerDefinition {
    private final String name;
    private final String providerId;
    private final Map<String, Object> config;
    private final Scope scope;
    private final CachePolicy cachePolicy;   // null = the resolver's or the provider's default

    private ManagerDefinition(String name, String providerId, Map<String, Object> config, Scope scope, CachePolicy cachePolicy) {
        this.name = name;
        this.providerId = providerId;
        this.config = config;
        this.scope = scope;
        this.cachePolicy = cachePolicy;
    }

    /** A platform-wide manager {@code name} using provider {@code providerId}. */
    public static ManagerDefinition of(String name, String providerId, Map<String, ?> config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(config, "config");
        String n = name.strip();
        if (n.isEmpty() || n.contains("|") || n.contains("{") || n.contains("}")) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                    "A manager name must be non-empty and must not contain '|', '{' or '}'");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        config.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "config key"), v));
        return new ManagerDefinition(n, providerId.strip(), Collections.unmodifiableMap(copy), Scope.platformWide(), null);
    }

    /** This definition limited to {@code scope}. */
    public ManagerDefinition scope(Scope scope) {
        return new ManagerDefinition(name, providerId, config, Objects.requireNonNull(scope, "scope"), cachePolicy);
    }

    /** This definition with its own cache policy, overriding the resolver's and the provider's. */
    public ManagerDefinition cachePolicy(CachePolicy cachePolicy) {
        return new ManagerDefinition(name, providerId, config, scope, Objects.requireNonNull(cachePolicy, "cachePolicy"));
    }

    public String name() { return name; }
    public String providerId() { return providerId; }
    public Map<String, Object> config() { return config; }
    public Scope scope() { return scope; }
    public Optional<CachePolicy> cachePolicy() { return Optional.ofNullable(cachePolicy); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagerDefinition d && d.name.equals(name) && d.providerId.equals(providerId)
                && d.config.equals(config) && d.scope.equals(scope) && Objects.equals(d.cachePolicy, cachePolicy);
    }

    @Override
    public int hashCode() { return Objects.hash(name, providerId, config, scope); }

    @Override
    public String toString() {
        return "ManagerDefinition[" + name + ", provider=" + providerId + ", configKeys=" + config.keySet() + ", " + scope + "]";
    }
}
