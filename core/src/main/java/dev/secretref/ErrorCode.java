package dev.secretref;

/** The coarse category of a {@link SecretManagerException}; stable across providers. */
public enum ErrorCode {
    /** The input or configuration is wrong: a malformed reference, an unknown manager, a bad config key. */
    VALIDATION,
    /** The store could not be reached or refused the credentials. */
    SECRET_MANAGER_CONNECTION_FAILED,
    /** The store was reached but did not return the secret. */
    SECRET_MANAGER_GET_SECRET_FAILED,
    /** The store was reached but refused or failed a write or delete. */
    SECRET_MANAGER_WRITE_FAILED
}
