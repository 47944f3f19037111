package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the provider's one Vault token and keeps it alive. Concurrent callers share one login: the first
 * caller that finds no usable token installs a future and logs in on its own thread; the others wait on
 * that future (no lock is held across network I/O). Past about two thirds of its lease a renewable token
 * is renewed ({@code renew-self}) by one caller while the others keep using it; a token that is not
 * renewable, or whose renewal no longer extends it (max TTL reached), is replaced by a new login. A token
 * Vault rejects is dropped through {@link #invalidate} and the next caller logs in again, once.
 */
final class TokenManager {
    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);
    private static final long REFRESH_RETRY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final VaultAuth auth;
    private final VaultHttp http;
    private final Ticker ticker;
    private final AtomicReference<CompletableFuture<VaultToken>> state = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong nextRefreshAttempt;

    TokenManager(VaultAuth auth, VaultHttp http, Ticker ticker) {
        this.auth = auth;
        this.http = http;
        this.ticker = ticker;
        this.nextRefreshAttempt = new AtomicLong(ticker.read());
    }

    VaultAuth auth() { return auth; }

    /** A token that is usable now, logging in, renewing or re-logging in as needed. */
    VaultToken token() {
        for (;;) {
            CompletableFuture<VaultToken> f = state.get();
            if (f == null) {
                CompletableFuture<VaultToken> mine = new CompletableFuture<>();
                if (state.compareAndSet(null, mine)) run(mine, this::login);
                continue;
            }
            VaultToken t = await(f);
            long now = ticker.read();
            if (t.expired(now)) {   // past its lease Vault has revoked it: renewing cannot work, log in again
                CompletableFuture<VaultToken> mine = new CompletableFuture<>();
                if (state.compareAndSet(f, mine)) run(mine, auth.canLogin() ? this::login : () -> t);
                continue;
            }
            if (t.refreshDue(now) && now - nextRefreshAttempt.get() >= 0 && refreshing.compareAndSet(false, true)) {
                try {
                    if (state.get() == f) {
                        state.compareAndSet(f, CompletableFuture.completedFuture(refresh(t)));
                    }
                } catch (SecretManagerException e) {
                    nextRefreshAttempt.set(now + REFRESH_RETRY_PAUSE_NANOS);
                    LOG.warn("Could not renew the Vault token; using it until it expires: {}", e.getMessage());
                    return t;
                } finally {
                    refreshing.set(false);
                }
                continue;
            }
            return t;
        }
    }

    /** Drops {@code rejected} if it is still the current token, so that the next {@link #token()} logs in again. */
    void invalidate(VaultToken rejected) {
        CompletableFuture<VaultToken> f = state.get();
        if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == rejected) {
            state.compareAndSet(f, null);
        }
    }

    private static void run(CompletableFuture<VaultToken> f, Supplier<VaultToken> work) {
        try {
            f.complete(work.get());
        } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
        }
    }

    private VaultToken await(CompletableFuture<VaultToken> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            state.compareAndSet(f, null);   // a failed login is not cached: the next caller tries again
            Throwable c = e.getCause();
            if (c instanceof SecretManagerException sme) throw sme.toBuilder().build();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw e;
        }
    }

    private VaultToken login() {
        VaultToken t = auth.login(http, ticker.read());
        LOG.debug("Vault {} succeeded (lease {}s, renewable {})", auth.describe(), t.leaseSeconds(), t.renewable());
        return t;
    }

    private VaultToken refresh(VaultToken t) {
        if (!auth.canLogin()) return t;
        if (t.renewable()) {
            VaultToken renewed = renew(t);
            if (renewed != null) return renewed;
        }
        return login();
    }

    /** {@code POST /v1/auth/token/renew-self}; {@code null} when it failed or no longer extends the lease. */
    private VaultToken renew(VaultToken t) {
        try {
            VaultResponse r = http.send("POST", "auth/token/renew-self", t.value(), null);
            if (!r.ok()) {
                LOG.debug("Vault token renewal answered HTTP {}; logging in again", r.status());
                return null;
            }
            JsonNode a = r.body().path("auth");
            long lease = a.path("lease_duration").asLong(0);
            if (lease < t.leaseSeconds()) {
                LOG.debug("Vault token renewal capped at {}s (max TTL reached); logging in again", lease);
                return null;
            }
            String value = a.path("client_token").asText("");
            return new VaultToken(value.isEmpty() ? t.value() : value, ticker.read(), lease, a.path("renewable").asBoolean(t.renewable()));
        } catch (SecretManagerException e) {
            LOG.debug("Vault token renewal failed ({}); logging in again", e.reason());
            return null;
        }
    }

    @Override
    public String toString() { return "TokenManager[" + auth + "]"; }
}
