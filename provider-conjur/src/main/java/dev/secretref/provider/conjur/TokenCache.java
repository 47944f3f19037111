package dev.secretref.provider.conjur;

import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the current access token and renews it: after {@link #REFRESH_AFTER} (Conjur tokens live 8 minutes)
 * or when a call was refused with 401 ({@link #invalidate}). Concurrent callers that find no fresh token
 * share one authentication: the first installs a future and authenticates, the others wait on that future.
 * No lock is held during network I/O, so virtual threads are never pinned.
 */
final class TokenCache {
    /** Renew tokens this long after they were issued, two minutes before Conjur's 8-minute expiry. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(6);

    private final Supplier<AccessToken> authenticate;
    private final Ticker ticker;
    private final AtomicReference<CompletableFuture<AccessToken>> current = new AtomicReference<>();

    TokenCache(Supplier<AccessToken> authenticate, Ticker ticker) {
        this.authenticate = authenticate;
        this.ticker = ticker;
    }

    /** A token younger than {@link #REFRESH_AFTER}, authenticating (once for all callers) when there is none. */
    AccessToken token() {
        while (true) {
            CompletableFuture<AccessToken> seen = current.get();
            if (seen != null) {
                if (!seen.isDone()) {
                    return await(seen);
                }
                if (!seen.isCompletedExceptionally()) {
                    AccessToken t = seen.join();
                    if (fresh(t)) return t;
                }
            }
            CompletableFuture<AccessToken> mine = new CompletableFuture<>();
            if (!current.compareAndSet(seen, mine)) {
                continue;   // another caller started a renewal first: use it
            }
            try {
                AccessToken t = authenticate.get();
                mine.complete(t);
                return t;
            } catch (RuntimeException | Error e) {
                current.compareAndSet(mine, null);   // the next caller tries again
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    /** Drops {@code used} after the store refused it, unless another caller already replaced it. */
    void invalidate(AccessToken used) {
        CompletableFuture<AccessToken> seen = current.get();
        if (seen != null && seen.isDone() && !seen.isCompletedExceptionally() && seen.join() == used) {
            current.compareAndSet(seen, null);
        }
    }

    /** Forgets any token (on close). */
    void clear() {
        current.set(null);
    }

    private boolean fresh(AccessToken t) {
        return ticker.read() - t.obtainedAtNanos() < REFRESH_AFTER.toNanos();
    }

    private static AccessToken await(CompletableFuture<AccessToken> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SecretManagerException sme) throw sme;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }
}
