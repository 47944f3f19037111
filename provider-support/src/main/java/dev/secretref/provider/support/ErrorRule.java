package dev.secretref.provider.support;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;

/**
 * The one error-code rule of DESIGN §4, and the HTTP status table every provider starts from. The store could
 * not be reached (DNS, refused, TLS, timeout before an answer, 5xx after retries) or rejected the credentials:
 * {@code SECRET_MANAGER_CONNECTION_FAILED}. The store answered for this secret (not found, denied, throttled,
 * bad payload): {@code SECRET_MANAGER_GET_SECRET_FAILED}. A provider maps a status to a reason here, then adds
 * its own message.
 */
public final class ErrorRule {
    private ErrorRule() { }

    /**
     * The reason for an HTTP status of a read: 401 {@code AUTHENTICATION_FAILED}, 403 {@code ACCESS_DENIED},
     * 404 {@code NOT_FOUND}, 429 {@code THROTTLED}, 408 {@code TIMEOUT}, 5xx {@code UNREACHABLE}, anything
     * else {@code PROVIDER_ERROR}.
     */
    public static Reason reasonFor(int status) {
        if (status == 401) return Reason.AUTHENTICATION_FAILED;
        if (status == 403) return Reason.ACCESS_DENIED;
        if (status == 404) return Reason.NOT_FOUND;
        if (status == 429) return Reason.THROTTLED;
        if (status == 408) return Reason.TIMEOUT;
        if (status >= 500 && status <= 599) return Reason.UNREACHABLE;
        return Reason.PROVIDER_ERROR;
    }

    /**
     * The code of a failed read for {@code reason}: {@code UNREACHABLE}, {@code TIMEOUT} and
     * {@code AUTHENTICATION_FAILED} mean the store could not be reached or refused us, so
     * {@code SECRET_MANAGER_CONNECTION_FAILED}; every other reason is about the secret,
     * {@code SECRET_MANAGER_GET_SECRET_FAILED}.
     */
    public static ErrorCode codeFor(Reason reason) {
        return switch (reason) {
            case UNREACHABLE, TIMEOUT, AUTHENTICATION_FAILED -> ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
            default -> ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED;
        };
    }

    /** A builder with the code {@link #codeFor} gives {@code reason}. */
    public static SecretManagerException.Builder failure(Reason reason) {
        return SecretManagerException.builder(codeFor(reason), reason);
    }

    /** A builder for a failed read answered with {@code status}: its reason and code from this rule. */
    public static SecretManagerException.Builder forStatus(int status) {
        return failure(reasonFor(status));
    }
}
