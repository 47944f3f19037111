package dev.secretref;

import java.util.Optional;

/** The outcome of {@link SecretResolver#testConnection(String)}. */
public final class ConnectionStatus {
    private final String manager;
    private final boolean connected;
    private final String message;
    private final SecretManagerException error;

    private ConnectionStatus(String manager, boolean connected, String message, SecretManagerException error) {
        this.manager = manager;
        this.connected = connected;
        this.message = message;
        this.error = error;
    }

    static ConnectionStatus ok(String manager) {
        return new ConnectionStatus(manager, true, "Connected to manager '" + SecretReference.abbreviate(manager) + "'", null);
    }

    static ConnectionStatus failed(String manager, SecretManagerException error) {
        return new ConnectionStatus(manager, false, error.getMessage(), error);
    }

    public String manager() { return manager; }
    public boolean connected() { return connected; }
    /** What happened, and on failure which step failed and what to check. */
    public String message() { return message; }
    /** The failure, if any. */
    public Optional<SecretManagerException> error() { return Optional.ofNullable(error); }

    @Override
    public String toString() {
        return "ConnectionStatus[" + manager + ", " + (connected ? "connected" : "failed: " + message) + "]";
    }
}
