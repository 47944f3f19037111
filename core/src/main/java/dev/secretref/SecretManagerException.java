package dev.secretref;

import java.util.Objects;

/**
 * The one exception secretref throws. It carries a coarse {@link #code()}, a precise
 * {@link #reason()}, and where known the {@link #provider()}, {@link #manager()} and {@link #path()}
 * it concerns. Its message says what failed and what to check; it never holds a secret value or a
 * credential (the resolver scrubs messages that come from providers).
 */
public final class SecretManagerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Reason reason;
    private final String provider;
    private final String manager;
    private final String path;

    private SecretManagerException(Builder b) {
        super(b.message, b.cause);
        this.code = b.code;
        this.reason = b.reason;
        this.provider = b.provider;
        this.manager = b.manager;
        this.path = b.path;
    }

    /** Starts an exception of the given code and reason. */
    public static Builder builder(ErrorCode code, Reason reason) {
        return new Builder(code, reason);
    }

    /** A {@code VALIDATION} error. */
    public static SecretManagerException validation(Reason reason, String message) {
        return builder(ErrorCode.VALIDATION, reason).message(message).build();
    }

    /** A {@code SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND} error for {@code path}. */
    public static SecretManagerException notFound(String path, String message) {
        return builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.NOT_FOUND).path(path).message(message).build();
    }

    public ErrorCode code() { return code; }
    public Reason reason() { return reason; }
    /** The provider id, or {@code null} when the error is not tied to one. */
    public String provider() { return provider; }
    /** The manager name, or {@code null} when the error is not tied to one. */
    public String manager() { return manager; }
    /** The path inside the store, or {@code null} when the error is not tied to one secret. */
    public String path() { return path; }

    /** A copy with the given manager, provider and path filled in where this one has none. */
    public SecretManagerException withContext(String manager, String provider, String path) {
        if ((this.manager != null || manager == null) && (this.provider != null || provider == null)
                && (this.path != null || path == null)) {
            return this;
        }
        SecretManagerException copy = toBuilder()
                .manager(this.manager != null ? this.manager : manager)
                .provider(this.provider != null ? this.provider : provider)
                .path(this.path != null ? this.path : path)
                .build();
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** A builder holding this exception's fields, to derive a changed copy. */
    public Builder toBuilder() {
        return builder(code, reason).message(getMessage()).cause(getCause())
                .provider(provider).manager(manager).path(path);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SecretManagerException[").append(code).append('/').append(reason);
        if (manager != null) sb.append(", manager=").append(manager);
        if (provider != null) sb.append(", provider=").append(provider);
        if (path != null) sb.append(", path=").append(path);
        return sb.append("]: ").append(getMessage()).toString();
    }

    /** Builds a {@link SecretManagerException}. */
    public static final class Builder {
        private final ErrorCode code;
        private final Reason reason;
        private String message;
        private Throwable cause;
        private String provider;
        private String manager;
        private String path;

        private Builder(ErrorCode code, Reason reason) {
            this.code = Objects.requireNonNull(code, "code");
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        /** What failed and what to check. Never a secret value or a credential. */
        public Builder message(String message) { this.message = message; return this; }
        /** The underlying failure. The resolver replaces causes that come from providers by redacted copies. */
        public Builder cause(Throwable cause) { this.cause = cause; return this; }
        public Builder provider(String provider) { this.provider = provider; return this; }
        public Builder manager(String manager) { this.manager = manager; return this; }
        public Builder path(String path) { this.path = path; return this; }

        public SecretManagerException build() {
            if (message == null || message.isBlank()) {
                message = code + "/" + reason;
            }
            return new SecretManagerException(this);
        }
    }
}
