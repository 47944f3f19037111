package dev.secretref.provider.support;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.OptionalInt;

/**
 * The {@code ?version=N} suffix of a reference path (Vault KV v2, Conjur): {@code N} is a whole number from 1
 * up to {@link Integer#MAX_VALUE}. Anything else after {@code ?}, a zero, a sign or a number too large is a
 * {@code VALIDATION / INVALID_REFERENCE} error, never a store call.
 */
public final class VersionQuery {
    private final String base;
    private final OptionalInt version;

    private VersionQuery(String base, OptionalInt version) {
        this.base = base;
        this.version = version;
    }

    /**
     * Splits {@code path} at its first {@code ?}.
     *
     * @param path the reference path as written
     * @param store the store's name for messages, e.g. {@code "Vault"}
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} when the query is not {@code version=N}
     */
    public static VersionQuery parse(String path, String store) {
        int q = path.indexOf('?');
        if (q < 0) return new VersionQuery(path, OptionalInt.empty());
        String query = path.substring(q + 1);
        if (!query.startsWith("version=")) throw invalid(path, store, "only ?version=N may follow the path");
        String digits = query.substring("version=".length());
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.charAt(0) == '0') {
            throw invalid(path, store, "?version= takes a whole number from 1 to " + Integer.MAX_VALUE);
        }
        long n = Long.parseLong(digits);
        if (n > Integer.MAX_VALUE) throw invalid(path, store, "?version= takes a whole number from 1 to " + Integer.MAX_VALUE);
        return new VersionQuery(path.substring(0, q), OptionalInt.of((int) n));
    }

    private static SecretManagerException invalid(String path, String store, String why) {
        return SecretManagerException.validation(Reason.INVALID_REFERENCE, "Invalid " + store + " path: " + why)
                .toBuilder().path(path).build();
    }

    /** The path before {@code ?}. */
    public String base() { return base; }

    /** The version asked for; empty for the latest. */
    public OptionalInt version() { return version; }

    @Override
    public String toString() { return base + (version.isPresent() ? "?version=" + version.getAsInt() : ""); }
}
