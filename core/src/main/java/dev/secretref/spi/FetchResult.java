package dev.secretref.spi;

import dev.secretref.SecretManagerException;
import java.util.Objects;
import java.util.Optional;

/** The outcome of fetching one path in a batch: a value or the error for that path. */
public final class FetchResult {
    private final String value;
    private final SecretManagerException error;

    private FetchResult(String value, SecretManagerException error) {
        this.value = value;
        this.error = error;
    }

    public static FetchResult value(String value) {
        return new FetchResult(Objects.requireNonNull(value, "value"), null);
    }

    public static FetchResult error(SecretManagerException error) {
        return new FetchResult(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isValue() { return error == null; }

    /** The value; throws this result's error if it has none. */
    public String valueOrThrow() {
        if (error != null) throw error;
        return value;
    }

    /** The error of a failed path; empty for a value. */
    public Optional<SecretManagerException> failure() { return Optional.ofNullable(error); }

    /**
     * The error, or {@code null} for a value.
     *
     * @deprecated {@code null} as a signal: use {@link #failure()} (or {@link #isValue()} first)
     */
    @Deprecated
    public SecretManagerException error() { return error; }

    /** Never shows the value. */
    @Override
    public String toString() {
        return error == null ? "FetchResult[value=██]" : "FetchResult[" + error.code() + "/" + error.reason() + "]";
    }
}
