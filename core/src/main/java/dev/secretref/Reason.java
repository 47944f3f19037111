package dev.secretref;

/** The precise reason behind a {@link SecretManagerException}, finer than its {@link ErrorCode}. */
public enum Reason {
    /** The secret, key, item or field does not exist. */
    NOT_FOUND,
    /** The credentials are valid but lack permission for this secret. */
    ACCESS_DENIED,
    /** The credentials were rejected (invalid, expired or revoked). */
    AUTHENTICATION_FAILED,
    /** The store could not be reached (DNS, refused connection, TLS, 5xx, sealed). */
    UNREACHABLE,
    /** A call to the store did not complete within its timeout. */
    TIMEOUT,
    /** The store rate-limited the calls and retries did not get through. */
    THROTTLED,
    /** A reference string is malformed, or a path does not follow the provider's syntax. */
    INVALID_REFERENCE,
    /** A reference names a manager that is not registered. */
    UNKNOWN_MANAGER,
    /** A reference names a manager the calling project may not use. */
    SCOPE_DENIED,
    /** An argument of a call is out of its range (a search offset or page size); the message gives the range. */
    INVALID_ARGUMENT,
    /** A manager's configuration is missing keys, has unknown keys, or has invalid values. */
    INVALID_CONFIG,
    /** No provider with the requested id is on the class path. */
    UNKNOWN_PROVIDER,
    /** The value resolves to a structure that contains itself. */
    CYCLE,
    /** The provider does not support this operation (for example listing). */
    UNSUPPORTED,
    /** A concurrent writer changed the secret first (check-and-set failed); read it again and retry. */
    CONFLICT,
    /** The resolver was closed. */
    CLOSED,
    /** Anything else: the message says what happened. */
    PROVIDER_ERROR
}
