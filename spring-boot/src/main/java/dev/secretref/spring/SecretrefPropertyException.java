package dev.secretref.spring;

import dev.secretref.SecretManagerException;

/**
 * A property holds a reference that could not be resolved. Names the property and the reason, never the value;
 * the {@link SecretManagerException} is the cause.
 */
public final class SecretrefPropertyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String property;

    SecretrefPropertyException(String property, SecretManagerException cause) {
        super("Property '" + property + "' holds a secret reference that could not be resolved: " + cause.code() + " / "
                + cause.reason() + (cause.manager() != null ? " (manager " + cause.manager() + ")" : "") + ": " + cause.getMessage()
                + ". Fix the reference or the store, or set secretref.fail-fast=false to start without it", cause);
        this.property = property;
    }

    /** The property's name. */
    public String property() {
        return property;
    }

    /** The resolver's error. */
    public SecretManagerException reason() {
        return (SecretManagerException) getCause();
    }
}
