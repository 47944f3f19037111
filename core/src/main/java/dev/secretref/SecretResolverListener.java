package dev.secretref;

import java.time.Duration;

/**
 * Events from the resolver's caches and, per reference a caller asked for, its outcome ({@link #onResolved},
 * {@link #onDenied}, {@link #onResolveFailed}), for metrics and audit logs. Every method has an empty default.
 * Events carry manager names and paths, never values. A listener that throws is logged and ignored: it cannot
 * break resolution. Calls may come from any thread, so implementations must be thread-safe and quick.
 * Register on {@link SecretResolver.Builder#listener} or, on a built resolver, {@link SecretResolver#addListener}.
 */
public interface SecretResolverListener {
    /** A value was served from the cache. */
    default void onHit(String manager, String path) { }

    /** No usable cached value; a load follows. */
    default void onMiss(String manager, String path) { }

    /** The store returned the value. */
    default void onLoadSuccess(String manager, String path, Duration took) { }

    /** The store failed for this path. */
    default void onLoadFailure(String manager, String path, Duration took, SecretManagerException error) { }

    /** An expired value was served because reloading failed; {@code age} is how old it is. */
    default void onStaleServed(String manager, String path, Duration age, SecretManagerException error) { }

    /** A background refresh-ahead failed; the current value stays. */
    default void onRefreshFailed(String manager, String path, SecretManagerException error) { }

    /** A value missing here was found in the shared cache ({@code SecretResolver.Builder#sharedCache}); no store call. */
    default void onSharedHit(String manager, String path) { }

    /** One cached path of a manager was dropped ({@code path} is never null). */
    default void onInvalidated(String manager, String path) { }

    /** Every cached path and the connection status of a manager were dropped. */
    default void onInvalidatedAll(String manager) { }

    /**
     * A reference was resolved for a caller in {@code context}: its value was handed to the caller (from the
     * cache, the shared cache or the store). Fired once per distinct reference of a successful resolve call.
     */
    default void onResolved(String manager, String path, ResolutionContext context) { }

    /**
     * A reference was refused before any cache or store access: the manager is not available to
     * {@code context} (its scope) or the path is outside its allowed paths. {@code error} is the
     * {@code SCOPE_DENIED} exception the caller gets; its message says which rule refused it.
     */
    default void onDenied(String manager, String path, ResolutionContext context, SecretManagerException error) { }

    /**
     * A reference a caller in {@code context} asked for failed (not found, store unreachable, invalid path, ...);
     * {@code error} is the exception the caller gets. Fired for the reference that failed the call.
     */
    default void onResolveFailed(String manager, String path, ResolutionContext context, SecretManagerException error) { }

    /** Removes a listener added with {@link SecretResolver#addListener}; closing twice does nothing. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
