package dev.secretref;

import java.time.Duration;

/**
 * Events from the resolver's caches, for metrics and logs. Every method has an empty default. Events
 * carry manager names and paths, never values. A listener that throws is logged and ignored: it cannot
 * break resolution. Calls may come from any thread, so implementations must be thread-safe and quick.
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
}
