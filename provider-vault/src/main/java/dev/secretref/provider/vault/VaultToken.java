package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;

/**
 * A Vault client token and its lease, as Vault's {@code auth} block reports it
 * ({@code client_token}, {@code lease_duration} in seconds, {@code renewable}). Age is measured on the
 * injected ticker. A lease of 0 means the token does not expire (root tokens, or a static token whose
 * lease is unknown). Not a record: it holds a credential; {@link #toString()} redacts it.
 */
final class VaultToken {
    private final String value;
    private final long issuedAtNanos;
    private final long leaseSeconds;
    private final boolean renewable;

    VaultToken(String value, long issuedAtNanos, long leaseSeconds, boolean renewable) {
        this.value = value;
        this.issuedAtNanos = issuedAtNanos;
        this.leaseSeconds = Math.max(0, leaseSeconds);
        this.renewable = renewable;
    }

    /** A token from a login or renew answer's {@code auth} block, or {@code null} when it has none. */
    static VaultToken fromAuth(JsonNode auth, long nowNanos) {
        String token = auth.path("client_token").asText("");
        if (token.isEmpty()) return null;
        return new VaultToken(token, nowNanos, auth.path("lease_duration").asLong(0), auth.path("renewable").asBoolean(false));
    }

    String value() { return value; }

    long leaseSeconds() { return leaseSeconds; }

    boolean renewable() { return renewable; }

    private long ageNanos(long nowNanos) { return nowNanos - issuedAtNanos; }

    /** Past about two thirds of its lease: renew it (or log in again) now, while it still works. */
    boolean refreshDue(long nowNanos) {
        return leaseSeconds > 0 && ageNanos(nowNanos) >= TimeUnit.SECONDS.toNanos(leaseSeconds) * 2 / 3;
    }

    /** Past its lease: it no longer works. */
    boolean expired(long nowNanos) {
        return leaseSeconds > 0 && ageNanos(nowNanos) >= TimeUnit.SECONDS.toNanos(leaseSeconds);
    }

    @Override
    public String toString() {
        return "VaultToken[██, lease=" + leaseSeconds + "s, renewable=" + renewable + "]";
    }
}
