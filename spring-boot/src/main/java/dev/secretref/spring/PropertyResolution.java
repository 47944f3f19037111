package dev.secretref.spring;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves one property's value through the resolver, failing fast or reading as absent. */
final class PropertyResolution {
    private static final Logger LOG = LoggerFactory.getLogger(PropertyResolution.class);

    private final SecretResolver resolver;
    private final boolean failFast;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    PropertyResolution(SecretResolver resolver, boolean failFast) {
        this.resolver = resolver;
        this.failFast = failFast;
    }

    SecretResolver resolver() {
        return resolver;
    }

    boolean failFast() {
        return failFast;
    }

    /** The resolved value of property {@code name}; {@code null} (absent) when it fails and fail-fast is off. */
    String resolve(String name, String raw) {
        try {
            return resolver.resolveString(raw);
        } catch (SecretManagerException e) {
            return failed(name, e);
        }
    }

    String failed(String name, SecretManagerException e) {
        if (failFast) throw new SecretrefPropertyException(name, e);
        if (warned.add(name)) {
            LOG.warn("Property '{}' holds a reference that could not be resolved ({} / {}{}); it reads as absent "
                    + "because secretref.fail-fast=false", name, e.code(), e.reason(),
                    e.manager() != null ? ", manager " + e.manager() : "");
        }
        return null;
    }
}
