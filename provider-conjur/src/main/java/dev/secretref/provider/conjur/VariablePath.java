package dev.secretref.provider.conjur;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.VersionQuery;
import java.util.OptionalInt;

/**
 * A reference path in this provider's syntax: a Conjur variable id ({@code prod/db/password}), optionally
 * followed by {@code ?version=N} to read one of the (up to 20) versions Conjur keeps. Messages never quote
 * the path; the exception carries it in {@link SecretManagerException#path()}.
 */
final class VariablePath {

    private final String raw;
    private final String id;
    private final OptionalInt version;

    private VariablePath(String raw, String id, OptionalInt version) {
        this.raw = raw;
        this.id = id;
        this.version = version;
    }

    /**
     * Parses {@code path}.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} when it is not a variable id
     */
    static VariablePath parse(String path) {
        if (path == null || path.isBlank()) {
            throw invalid(path, "the path is empty; give a Conjur variable id such as prod/db/password");
        }
        if (!path.strip().equals(path)) {
            throw invalid(path, "the path starts or ends with whitespace; give the Conjur variable id exactly");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw invalid(path, "the path contains a control character; a Conjur variable id cannot");
            }
        }
        VersionQuery q = VersionQuery.parse(path, "Conjur");
        String id = q.base();
        OptionalInt version = q.version();
        if (id.isEmpty()) {
            throw invalid(path, "the variable id before ?version is empty");
        }
        if (id.startsWith("/")) {
            throw invalid(path, "a Conjur variable id does not start with '/'; write prod/db/password, not /prod/db/password");
        }
        return new VariablePath(path, id, version);
    }

    private static SecretManagerException invalid(String path, String why) {
        return SecretManagerException.validation(Reason.INVALID_REFERENCE, "Invalid Conjur path: " + why)
                .toBuilder().path(path).build();
    }

    /** The path as the caller wrote it. */
    String raw() { return raw; }

    /** The variable id, without the account and kind ({@code prod/db/password}). */
    String id() { return id; }

    OptionalInt version() { return version; }

    /** Whether the batch endpoint can serve this path: it reads latest versions only and splits ids on commas. */
    boolean batchable() { return version.isEmpty() && id.indexOf(',') < 0; }

    @Override
    public String toString() { return raw; }
}
