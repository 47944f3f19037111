package dev.secretref.provider.conjur;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference path in this provider's syntax: a Conjur variable id ({@code prod/db/password}), optionally
 * followed by {@code ?version=N} to read one of the (up to 20) versions Conjur keeps. Messages never quote
 * the path; the exception carries it in {@link SecretManagerException#path()}.
 */
final class VariablePath {
    private static final Pattern VERSION = Pattern.compile("version=([1-9][0-9]{0,8})");

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
        String id = path;
        OptionalInt version = OptionalInt.empty();
        int q = path.indexOf('?');
        if (q >= 0) {
            Matcher m = VERSION.matcher(path.substring(q + 1));
            if (!m.matches()) {
                throw invalid(path, "only ?version=N (a whole number from 1) may follow the variable id");
            }
            id = path.substring(0, q);
            version = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
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
