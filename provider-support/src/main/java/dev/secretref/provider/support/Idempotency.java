package dev.secretref.provider.support;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a request may be sent twice. An idempotent request is retried after timeouts, resets and retryable
 * statuses; a non-idempotent one (a login that spends a single-use AppRole {@code secret_id}, a write) only
 * when it never left this machine (the connection was refused), because the store may have acted on it.
 */
public enum Idempotency {
    /** Safe to repeat (GET, HEAD, PUT, DELETE, LIST, ...). */
    IDEMPOTENT,
    /** Repeat only if it was never sent (POST, PATCH). */
    NOT_IDEMPOTENT;

    private static final Set<String> UNSAFE = Set.of("POST", "PATCH");

    /** The default for an HTTP method: POST and PATCH are not idempotent, every other method is. */
    public static Idempotency of(String method) {
        return UNSAFE.contains(method.toUpperCase(Locale.ROOT)) ? NOT_IDEMPOTENT : IDEMPOTENT;
    }
}
