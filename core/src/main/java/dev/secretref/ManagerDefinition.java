package dev.secretref;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final PathAllowList allowList;

    private ManagerDefinition(String name, String providerId, Map<String, Object> config, Scope scope, CachePolicy cachePolicy,
                              PathAllowList allowList) {
        this.name = name;
        this.providerId = providerId;
        this.config = config;
        this.scope = scope;
        this.cachePolicy = cachePolicy;
        this.allowList = allowList;
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
        config.forEach((k, v) -> {
            if (k == null) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "Manager '" + SecretReference.abbreviate(n)
                        + "' has a null config key; every config key must be a non-null name such as region");
            }
            copy.put(k, frozen(v));
        });
        return new ManagerDefinition(n, providerId.strip(), Collections.unmodifiableMap(copy), Scope.platformWide(), null, PathAllowList.ANY);
    }

    /**
     * An unmodifiable deep copy of a config value: maps and collections are copied level by level (order and
     * {@code null}s kept), arrays become unmodifiable lists; anything else is kept as given.
     */
    private static Object frozen(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, frozen(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c.size());
            for (Object x : c) copy.add(frozen(x));
            return Collections.unmodifiableList(copy);
        }
        if (v instanceof Object[] a) {
            List<Object> copy = new ArrayList<>(a.length);
            for (Object x : a) copy.add(frozen(x));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    /** This definition limited to {@code scope}. */
    public ManagerDefinition scope(Scope scope) {
        return new ManagerDefinition(name, providerId, config, Objects.requireNonNull(scope, "scope"), cachePolicy, allowList);
    }

    /** This definition with its own cache policy, overriding the resolver's and the provider's. */
    public ManagerDefinition cachePolicy(CachePolicy cachePolicy) {
        return new ManagerDefinition(name, providerId, config, scope, Objects.requireNonNull(cachePolicy, "cachePolicy"), allowList);
    }

    /**
     * This definition serving only paths that match one of {@code globs}, matched against the path as
     * written in a reference without its {@code ?…} suffix: {@code *} matches any characters except
     * {@code /}, {@code **} any characters including {@code /} ({@code a/**} matches {@code a/x} and
     * {@code a/x/y}, not {@code a}). A reference outside fails {@code VALIDATION / SCOPE_DENIED} before the
     * cache or the store is touched; {@code list} returns only allowed names; writes outside are refused.
     * Replaces any earlier allow-list of this definition.
     *
     * @throws IllegalArgumentException when no glob is given
     */
    public ManagerDefinition allowPaths(String... globs) {
        Objects.requireNonNull(globs, "globs");
        if (globs.length == 0) throw new IllegalArgumentException("allowPaths needs at least one glob");
        return new ManagerDefinition(name, providerId, config, scope, cachePolicy, PathAllowList.of(List.of(globs)));
    }

    /** The allowed-path globs; empty when every path is allowed. */
    public List<String> allowedPaths() { return allowList.globs(); }

    PathAllowList allowList() { return allowList; }

    public String name() { return name; }
    public String providerId() { return providerId; }
    /** The provider config, deeply unmodifiable (nested maps and lists too). */
    public Map<String, Object> config() { return config; }
    public Scope scope() { return scope; }
    public Optional<CachePolicy> cachePolicy() { return Optional.ofNullable(cachePolicy); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagerDefinition d && d.name.equals(name) && d.providerId.equals(providerId)
                && d.config.equals(config) && d.scope.equals(scope) && Objects.equals(d.cachePolicy, cachePolicy)
                && d.allowList.equals(allowList);
    }

    @Override
    public int hashCode() { return Objects.hash(name, providerId, config, scope); }

    @Override
    public String toString() {
        return "ManagerDefinition[" + name + ", provider=" + providerId + ", configKeys=" + config.keySet() + ", " + scope
                + (allowList.allowsEverything() ? "" : ", allowPaths=" + allowList.globs()) + "]";
    }
}
