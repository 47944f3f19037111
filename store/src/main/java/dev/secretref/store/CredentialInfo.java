package dev.secretref.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A credential's metadata: where it lives and when it changed. Never a value. Immutable. */
public final class CredentialInfo {
    private final String id;
    private final String environment;
    private final String manager;
    private final String assignedManager;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final long revision;

    CredentialInfo(String id, String environment, String manager, String assignedManager, Instant createdAt,
                   Instant updatedAt, long revision) {
        this.id = id;
        this.environment = environment;
        this.manager = manager;
        this.assignedManager = assignedManager;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.revision = revision;
    }

    public String id() { return id; }
    public String environment() { return environment; }
    /** The manager holding the values now. */
    public String manager() { return manager; }
    /** The manager the credential was assigned to with {@link CredentialStore#assign}, if any. */
    public Optional<String> assignedManager() { return Optional.ofNullable(assignedManager); }
    public Instant createdAt() { return createdAt; }
    /** When the values or their place last changed. */
    public Instant updatedAt() { return updatedAt; }
    /** Grows by one with every update and move. */
    public long revision() { return revision; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialInfo c && c.id.equals(id) && c.environment.equals(environment) && c.manager.equals(manager)
                && Objects.equals(c.assignedManager, assignedManager) && c.createdAt.equals(createdAt)
                && c.updatedAt.equals(updatedAt) && c.revision == revision;
    }

    @Override
    public int hashCode() { return Objects.hash(id, revision); }

    @Override
    public String toString() {
        return "CredentialInfo[" + id + ", environment=" + environment + ", manager=" + manager
                + (assignedManager != null ? ", assigned=" + assignedManager : "") + ", revision=" + revision + "]";
    }
}
