package dev.secretref.provider.support;

import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's one access token (a Vault login token, a Conjur access token), obtained once for all callers
 * and kept alive. The first caller that finds no usable token obtains one on its own thread while the others
 * wait on the same future (single flight; no lock is held across network I/O, so virtual threads are never
 * pinned). Once a token is past its {@link Lease#refreshAt() refresh time} one caller renews it (or obtains a
 * new one) while the others keep using it; a failed refresh is retried after {@link #REFRESH_RETRY_PAUSE} and
 * the token is used until it expires. Past its {@link Lease#expiresAt() expiry} every caller waits for a new
 * one. A token the store rejects is dropped through {@link #invalidate} and the next caller obtains a new one,
 * once. A failed attempt is not cached. Every token obtained is declared to the {@link Redactor}, and every
 * token replaced is discarded from it.
 *
 * @param <T> the token type; its {@code toString()} must not show the credential
 */
public final class RenewingToken<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RenewingToken.class);
    /** How long after a failed refresh the next caller tries again. */
    public static final Duration REFRESH_RETRY_PAUSE = Duration.ofSeconds(5);

    /** Where tokens come from. */
    public interface Source<T> {
        /** Obtains a new token (a login). {@code nowNanos} is the ticker's reading when it started. */
        Lease<T> obtain(long nowNanos);

        /** Extends {@code current}; empty when the store cannot or will not (then a new one is obtained). */
        default Optional<Lease<T>> renew(Lease<T> current, long nowNanos) { return Optional.empty(); }

        /** Whether {@link #obtain} can make a new token (false for a configured, static token). */
        default boolean canObtain() { return true; }
    }

    /** A token and, in ticker nanos, when to refresh it and when it stops working. */
    public static final class Lease<T> {
        private final T token;
        private final long refreshAt;
        private final long expiresAt;
        private final boolean forever;

        private Lease(T token, long refreshAt, long expiresAt, boolean forever) {
            this.token = Objects.requireNonNull(token, "token");
            this.refreshAt = refreshAt;
            this.expiresAt = expiresAt;
            this.forever = forever;
        }

        /** A token obtained at {@code nowNanos}, refreshed after {@code refreshAfter} and dead after {@code lifetime}. */
        public static <T> Lease<T> of(T token, long nowNanos, Duration refreshAfter, Duration lifetime) {
            return new Lease<>(token, nowNanos + refreshAfter.toNanos(), nowNanos + lifetime.toNanos(), false);
        }

        /** A token that never needs refreshing (a static or root token). */
        public static <T> Lease<T> forever(T token) {
            return new Lease<>(token, 0, 0, true);
        }

        public T token() { return token; }

        public long refreshAt() { return refreshAt; }

        public long expiresAt() { return expiresAt; }

        boolean refreshDue(long now) { return !forever && now - refreshAt >= 0; }

        boolean expired(long now) { return !forever && now - expiresAt >= 0; }

        @Override
        public String toString() { return "Lease[" + token + (forever ? ", forever" : "") + "]"; }
    }

    private final Source<T> source;
    private final Ticker ticker;
    private final Redactor redactor;
    private final Function<T, String> credentialOf;
    private final AtomicReference<CompletableFuture<Lease<T>>> state = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong nextRefreshAttempt;

    /**
     * @param credentialOf the secret text of a token, declared to {@code redactor} while the token lives
     */
    public RenewingToken(Source<T> source, Ticker ticker, Redactor redactor, Function<T, String> credentialOf) {
        this.source = Objects.requireNonNull(source, "source");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.credentialOf = Objects.requireNonNull(credentialOf, "credentialOf");
        this.nextRefreshAttempt = new AtomicLong(ticker.read());
    }

    /** A token usable now, obtaining, renewing or replacing it as needed. */
    public T get() {
        return lease().token();
    }

    /** As {@link #get()}, with its lease. */
    public Lease<T> lease() {
        for (;;) {
            CompletableFuture<Lease<T>> f = state.get();
            if (f == null) {
                CompletableFuture<Lease<T>> mine = new CompletableFuture<>();
                if (state.compareAndSet(null, mine)) run(mine, this::obtain);
                continue;
            }
            Lease<T> t = await(f);
            long now = ticker.read();
            if (t.expired(now) && source.canObtain()) {   // past its lifetime it no longer works: everyone waits
                CompletableFuture<Lease<T>> mine = new CompletableFuture<>();
                if (state.compareAndSet(f, mine)) {
                    redactor.discarded(credentialOf.apply(t.token()));
                    run(mine, this::obtain);
                }
                continue;
            }
            if (t.refreshDue(now) && source.canObtain() && now - nextRefreshAttempt.get() >= 0 && refreshing.compareAndSet(false, true)) {
                try {
                    if (state.get() == f) {
                        Lease<T> fresh = refresh(t);
                        String before = credentialOf.apply(t.token());
                        if (state.compareAndSet(f, CompletableFuture.completedFuture(fresh))
                                && !before.equals(credentialOf.apply(fresh.token()))) {
                            redactor.discarded(before);   // a renewal that keeps the same token keeps it declared
                        }
                    }
                } catch (SecretManagerException e) {
                    nextRefreshAttempt.set(now + REFRESH_RETRY_PAUSE.toNanos());
                    LOG.warn("Could not refresh the access token; using it until it expires: {}", e.getMessage());
                    return t;
                } finally {
                    refreshing.set(false);
                }
                continue;
            }
            return t;
        }
    }

    /** Drops {@code rejected} if it is still the current token, so that the next {@link #get()} obtains a new one. */
    public void invalidate(T rejected) {
        CompletableFuture<Lease<T>> f = state.get();
        if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join().token() == rejected && state.compareAndSet(f, null)) {
            redactor.discarded(credentialOf.apply(rejected));
        }
    }

    /** Forgets the current token (on close). */
    public void clear() {
        CompletableFuture<Lease<T>> f = state.getAndSet(null);
        if (f != null && f.isDone() && !f.isCompletedExceptionally()) redactor.discarded(credentialOf.apply(f.join().token()));
    }

    private Lease<T> obtain() {
        Lease<T> lease = source.obtain(ticker.read());
        redactor.obtained(credentialOf.apply(lease.token()));
        return lease;
    }

    private Lease<T> refresh(Lease<T> t) {
        Optional<Lease<T>> renewed = source.renew(t, ticker.read());
        if (renewed.isPresent()) {
            redactor.obtained(credentialOf.apply(renewed.get().token()));
            return renewed.get();
        }
        return obtain();
    }

    private void run(CompletableFuture<Lease<T>> f, java.util.function.Supplier<Lease<T>> work) {
        try {
            f.complete(work.get());
        } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
        }
    }

    private Lease<T> await(CompletableFuture<Lease<T>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            state.compareAndSet(f, null);   // a failed attempt is not cached: the next caller tries again
            Throwable c = e.getCause();
            if (c instanceof SecretManagerException sme) throw sme.toBuilder().build();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw e;
        }
    }

    @Override
    public String toString() { return "RenewingToken[" + source + "]"; }
}
