package dev.secretref.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The name of a secret a store lists, in the provider's path syntax. Never a value. */
public final class SecretInfo {
    private final String path;
    private final String description;
    private final Optional<Instant> createdAt;
    private final Optional<Instant> updatedAt;

    private SecretInfo(String path, String description, Optional<Instant> createdAt, Optional<Instant> updatedAt) {
        this.path = Objects.requireNonNull(path, "path");
        this.description = Objects.requireNonNull(description, "description");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static SecretInfo of(String path) { return new SecretInfo(path, "", Optional.empty(), Optional.empty()); }

    public static SecretInfo of(String path, String description) {
        return new SecretInfo(path, description, Optional.empty(), Optional.empty());
    }

    /** This name with the store's creation and last-update times (either may be empty where the store does not say). */
    public SecretInfo withTimes(Optional<Instant> createdAt, Optional<Instant> updatedAt) {
        return new SecretInfo(path, description, createdAt, updatedAt);
    }

    /** When the store created the secret, if it says. */
    public Optional<Instant> createdAt() { return createdAt; }

    /** When the secret last changed, if the store says. */
    public Optional<Instant> updatedAt() { return updatedAt; }

    /** A path that can be put in a reference. */
    public String path() { return path; }

    /** Extra, non-secret detail (a type, a last-changed date), or empty. */
    public String description() { return description; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretInfo s && s.path.equals(path) && s.description.equals(description)
                && s.createdAt.equals(createdAt) && s.updatedAt.equals(updatedAt);
    }

    @Override
    public int hashCode() { return path.hashCode(); }

    @Override
    public String toString() { return description.isEmpty() ? path : path + " (" + description + ")"; }
}
