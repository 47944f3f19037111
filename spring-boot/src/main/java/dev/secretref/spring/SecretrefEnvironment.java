package dev.secretref.spring;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Installs secretref into an {@link ConfigurableEnvironment}: builds the resolver from {@code secretref.*}, wraps
 * every enumerable property source so its references resolve when read, and resolves the references of the
 * newly wrapped sources at once in one batched call (so start-up fails fast, naming the property, and the
 * cache is warm). Idempotent: a second call wraps only sources added since.
 */
final class SecretrefEnvironment {
    static final String HOLDER_NAME = "secretref";

    private SecretrefEnvironment() { }

    /** The installed resolution, or empty when {@code secretref.enabled=false}. */
    static Optional<PropertyResolution> install(ConfigurableEnvironment env) {
        synchronized (env) {
            MutablePropertySources sources = env.getPropertySources();
            PropertyResolution resolution;
            if (sources.get(HOLDER_NAME) instanceof Holder h) {
                resolution = h.getSource();
            } else {
                SecretrefProperties props = Binder.get(env).bind("secretref", SecretrefProperties.class).orElseGet(SecretrefProperties::new);
                if (!props.isEnabled()) return Optional.empty();
                resolution = new PropertyResolution(ResolverFactory.create(props), props.isFailFast());
                sources.addLast(new Holder(resolution));
            }
            List<String> wrapped = new ArrayList<>();
            for (PropertySource<?> ps : List.copyOf(sources.stream().toList())) {
                if (ps instanceof EnumerablePropertySource<?> e && !(ps instanceof ResolvingPropertySource)) {
                    sources.replace(ps.getName(), new ResolvingPropertySource(e, resolution));
                    wrapped.add(ps.getName());
                }
            }
            if (!wrapped.isEmpty()) resolveEagerly(sources, Set.copyOf(wrapped), resolution);
            return Optional.of(resolution);
        }
    }

    /** The resolver of an environment secretref was installed into. */
    static Optional<SecretResolver> resolver(ConfigurableEnvironment env) {
        return env.getPropertySources().get(HOLDER_NAME) instanceof Holder h ? Optional.of(h.getSource().resolver()) : Optional.empty();
    }

    /** Resolves, in one call, every reference that a read of a property of {@code fresh} sources would meet. */
    private static void resolveEagerly(MutablePropertySources sources, Set<String> fresh, PropertyResolution resolution) {
        Map<String, String> pending = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (PropertySource<?> ps : sources) {
            if (!(ps instanceof ResolvingPropertySource r)) continue;
            for (String name : r.getPropertyNames()) {
                if (!seen.add(name) || !fresh.contains(ps.getName())) continue;   // shadowed, or checked before
                if (r.getRawProperty(name) instanceof CharSequence cs
                        && cs.toString().indexOf('{') >= 0 && dev.secretref.SecretReference.containsReference(cs.toString())) {
                    pending.put(name, cs.toString());
                }
            }
        }
        if (pending.isEmpty()) return;
        try {
            resolution.resolver().resolve(pending);
        } catch (SecretManagerException batchFailure) {
            for (Map.Entry<String, String> e : pending.entrySet()) {   // what was fetched is cached: find who failed
                resolution.resolve(e.getKey(), e.getValue());
            }
        }
    }

    /** Holds the resolution in the environment, where the auto-configuration finds it. Has no properties. */
    static final class Holder extends PropertySource<PropertyResolution> {
        Holder(PropertyResolution resolution) {
            super(HOLDER_NAME, resolution);
        }

        @Override
        public Object getProperty(String name) {
            return null;
        }
    }
}
