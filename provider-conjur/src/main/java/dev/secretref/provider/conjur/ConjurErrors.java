package dev.secretref.provider.conjur;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ErrorRule;

/**
 * Turns Conjur HTTP statuses into {@link SecretManagerException}s whose messages say what to check.
 * Response bodies are never quoted (Conjur's 404 body names the variable; other bodies might echo input).
 */
final class ConjurErrors {
    private ConjurErrors() { }

    /** The error for a non-200 answer to a call about one variable. */
    static SecretManagerException forVariable(int status, VariablePath path) {
        String version = path.version().isPresent() ? " (version " + path.version().getAsInt() + ")" : "";
        return switch (status) {
            case 401 -> tokenRejected().toBuilder().path(path.raw()).build();
            case 403 -> get(Reason.ACCESS_DENIED, "Conjur refused to read the variable (403): the identity can see it but "
                    + "lacks the execute privilege; grant 'execute' (and 'read') on the variable in a Conjur policy", path);
            case 404 -> get(Reason.NOT_FOUND, path.version().isPresent()
                    ? "Conjur has no such version of the variable (404): it keeps the last 20 versions; check the version number"
                    : "Conjur variable not found or it has no value yet (404); check the id, that a value was added, and that the identity "
                            + "has 'read' on it (Conjur hides variables a role cannot read)", path);
            case 422 -> SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(path.raw())
                    .message("Conjur rejected the request for the variable" + version + " as invalid (422); check the path syntax").build();
            default -> forStatus(status, "reading the variable" + version).toBuilder().path(path.raw()).build();
        };
    }

    /** The error for an answer no caller-specific mapping covered: 429, 5xx and anything unexpected. */
    static SecretManagerException forStatus(int status, String what) {
        if (status == 429) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.THROTTLED)
                    .message("Conjur rate-limited " + what + " (429) and retries did not get through; retry later or lower the call rate").build();
        }
        if (status >= 500) {
            return ErrorRule.failure(Reason.UNREACHABLE)
                    .message("Conjur failed " + what + " with HTTP " + status + " after retries; check the Conjur server's health and logs").build();
        }
        if (status == 403) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .message("Conjur refused " + what + " (403); check the identity's privileges in Conjur policy").build();
        }
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                .message("Conjur answered " + what + " with unexpected HTTP " + status + "; check the url points at the Conjur API").build();
    }

    /** A call was refused with 401 even with a freshly issued token. */
    static SecretManagerException tokenRejected() {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message("Conjur rejected a freshly issued access token (401); check that the login id still exists, is not revoked, "
                        + "and that the Conjur cluster's nodes share their signing keys").build();
    }

    private static SecretManagerException get(Reason reason, String message, VariablePath path) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, reason).path(path.raw()).message(message).build();
    }

    /** {@code e} with {@code path} set, when it has none. */
    static SecretManagerException withPath(SecretManagerException e, String path) {
        return e.path() != null ? e : e.toBuilder().path(path).build();
    }

    /** {@code e} recast as a connection failure whose message starts with {@code step}. */
    static SecretManagerException connectionStep(SecretManagerException e, String step) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                .message(step + " failed: " + e.getMessage()).cause(e.getCause()).build();
    }
}
