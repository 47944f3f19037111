package dev.secretref.spring;

import dev.secretref.SecretReference;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * A property source that resolves references in the values of the one it wraps, each time a value is read, so
 * a rotated secret shows up after the cache TTL for beans that read lazily. Values without a reference pass
 * through untouched after one substring check.
 */
final class ResolvingPropertySource extends EnumerablePropertySource<EnumerablePropertySource<?>> {
    private final PropertyResolution resolution;

    ResolvingPropertySource(EnumerablePropertySource<?> delegate, PropertyResolution resolution) {
        super(delegate.getName(), delegate);
        this.resolution = resolution;
    }

    EnumerablePropertySource<?> delegate() {
        return getSource();
    }

    @Override
    public String[] getPropertyNames() {
        return getSource().getPropertyNames();
    }

    @Override
    public boolean containsProperty(String name) {
        return getSource().containsProperty(name);
    }

    @Override
    public Object getProperty(String name) {
        Object raw = getSource().getProperty(name);
        if (raw instanceof CharSequence cs) {
            String s = cs.toString();
            if (s.indexOf('{') >= 0 && SecretReference.containsReference(s)) return resolution.resolve(name, s);
        }
        return raw;
    }

    /** The raw value, references unresolved. */
    Object getRawProperty(String name) {
        return getSource().getProperty(name);
    }
}
