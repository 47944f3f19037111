package dev.secretref.provider.onepassword;

import dev.secretref.SecretManagerException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Name-to-id lookups, remembered per provider and shared by concurrent callers: the first caller for
 * a key runs the lookup (outside any lock), the others wait for its result. Failures are not
 * remembered. Holds ids only, never values.
 */
final class IdCache {
    private final ConcurrentMap<String, CompletableFuture<String>> ids = new ConcurrentHashMap<>();

    String get(String key, Supplier<String> lookup) {
        CompletableFuture<String> existing = ids.get(key);
        if (existing == null) {
            CompletableFuture<String> mine = new CompletableFuture<>();
            existing = ids.putIfAbsent(key, mine);
            if (existing == null) {
                try {
                    String id = lookup.get();
                    mine.complete(id);
                    return id;
                } catch (RuntimeException e) {
                    ids.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a 1Password id lookup", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecretManagerException sme) throw sme.toBuilder().build();
            throw new IllegalStateException("1Password id lookup failed", e.getCause());
        }
    }

    /** Forgets {@code key} so the next {@link #get} looks it up again (after the id stopped working). */
    void forget(String key) {
        ids.remove(key);
    }

    int size() { return ids.size(); }

    @Override
    public String toString() { return "IdCache[" + ids.size() + " ids]"; }
}
