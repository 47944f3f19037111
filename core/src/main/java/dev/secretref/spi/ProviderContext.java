package dev.secretref.spi;

import dev.secretref.Ticker;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the resolver lends a provider it creates: time, threads, and a place to declare the credentials the
 * provider obtains while it runs. Providers make no clocks or threads of their own, so tests drive them with
 * a fake ticker and scheduler. The resolver owns these; a provider never shuts them down.
 */
public interface ProviderContext {
    /** Monotonic nanoseconds, for token lifetimes and backoff bookkeeping. */
    Ticker ticker();

    /** Runs a provider's parallel work (fan-out of one batch). */
    Executor executor();

    /** Schedules a provider's timed work (token renewal). Daemon threads. */
    ScheduledExecutorService scheduler();

    /**
     * Declares a credential the provider obtained (a login token, an assumed-role key, an access token), so
     * the resolver masks it in every message while it lives. Values shorter than 4 characters are ignored.
     */
    void credentialObtained(String credential);

    /** The credential is no longer used; it may leave the mask list. */
    void credentialDiscarded(String credential);
}
