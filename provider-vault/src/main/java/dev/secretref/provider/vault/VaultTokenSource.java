package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.provider.support.RenewingToken.Lease;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the provider's Vault token comes from, for the shared {@link RenewingToken}: the auth method's login,
 * and {@code POST /v1/auth/token/renew-self} for a renewable token. A token is refreshed past two thirds of its
 * lease; a renewal that no longer extends the lease (max TTL reached) gives way to a new login. A lease of 0
 * (root tokens, a configured token) never expires.
 */
final class VaultTokenSource implements RenewingToken.Source<VaultToken> {
    private static final Logger LOG = LoggerFactory.getLogger(VaultTokenSource.class);

    private final VaultAuth auth;
    private final VaultHttp http;

    VaultTokenSource(VaultAuth auth, VaultHttp http) {
        this.auth = auth;
        this.http = http;
    }

    VaultAuth auth() { return auth; }

    static Lease<VaultToken> lease(VaultToken t, long now) {
        if (t.leaseSeconds() == 0) return Lease.forever(t);
        Duration lease = Duration.ofSeconds(t.leaseSeconds());
        return Lease.of(t, now, lease.multipliedBy(2).dividedBy(3), lease);
    }

    @Override
    public Lease<VaultToken> obtain(long nowNanos) {
        VaultToken t = auth.login(http, nowNanos);
        if (auth.canLogin()) LOG.debug("Vault {} succeeded (lease {}s, renewable {})", auth.describe(), t.leaseSeconds(), t.renewable());
        return lease(t, nowNanos);
    }

    @Override
    public boolean canObtain() { return auth.canLogin(); }

    @Override
    public Optional<Lease<VaultToken>> renew(Lease<VaultToken> current, long nowNanos) {
        VaultToken t = current.token();
        if (!t.renewable()) return Optional.empty();
        try {
            VaultResponse r = http.send("POST", "auth/token/renew-self", t.value(), null);
            if (!r.ok()) {
                LOG.debug("Vault token renewal answered HTTP {}; logging in again", r.status());
                return Optional.empty();
            }
            JsonNode a = r.body().path("auth");
            long lease = a.path("lease_duration").asLong(0);
            if (lease < t.leaseSeconds()) {
                LOG.debug("Vault token renewal capped at {}s (max TTL reached); logging in again", lease);
                return Optional.empty();
            }
            String value = a.path("client_token").asText("");
            VaultToken renewed = new VaultToken(value.isEmpty() ? t.value() : value, nowNanos, lease, a.path("renewable").asBoolean(t.renewable()));
            return Optional.of(lease(renewed, nowNanos));
        } catch (SecretManagerException e) {
            LOG.debug("Vault token renewal failed ({}); logging in again", e.reason());
            return Optional.empty();
        }
    }

    @Override
    public String toString() { return "VaultTokenSource[" + auth + "]"; }
}
