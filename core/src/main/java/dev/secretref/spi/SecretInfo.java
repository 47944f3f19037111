package dev.secretref.spi;

import java.util.Objects;

/** The name of a secret a store lists, in the provider's path syntax. Never a value. */
public final class SecretInfo {
    private final String path;
    private final String description;

    private SecretInfo(String path, String description) {
        this.path = Objects.requireNonNull(path, "path");
        this.description = description == null ? "" : description;
    }

    public static SecretInfo of(String path) { return new SecretInfo(path, ""); }

    public static SecretInfo of(String path, String description) { return new SecretInfo(path, description); }

    /** A path that can be put in a reference. */
    public String path() { return path; }

    /** Extra, non-secret detail (a type, a last-changed date), or empty. */
    public String description() { return description; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretInfo s && s.path.equals(path) && s.description.equals(description);
    }

    @Override
    public int hashCode() { return path.hashCode(); }

    @Override
    public String toString() { return description.isEmpty() ? path : path + " (" + description + ")"; }
}
