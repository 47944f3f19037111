package dev.secretref.spi;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes credentials into a store, for providers whose store allows it ({@link SecretProvider#writer()}).
 * Thread-safe. Every remote call is under a timeout. Failures are {@code SECRET_MANAGER_WRITE_FAILED}
 * (or {@code VALIDATION} for a bad name or field) and never contain a value.
 */
public interface SecretWriter {
    /**
     * Creates secret {@code name} or gives it a new version holding exactly {@code fields}. Returns, per
     * field, the path that reads the field back in a reference of this manager.
     *
     * @throws dev.secretref.SecretManagerException {@code VALIDATION / INVALID_REFERENCE} for a name that is
     *     not a credential id ({@link #requireValidName}); {@code SECRET_MANAGER_WRITE_FAILED} when the store
     *     refuses ({@code CONFLICT} when a concurrent writer changed it first)
     */
    Map<String, String> write(String name, Map<String, String> fields);

    /** Removes every version of {@code name} the store lets us remove. An absent secret is no error. */
    void delete(String name);

    /**
     * The paths {@link #write} would return for {@code name} and these field names, worked out without any
     * remote call; empty when the writer cannot tell in advance. The resolver checks a manager's allowed
     * paths against them before writing, and drops them from its caches when the secret is deleted.
     * Override it when the paths follow from config (a prefix, a mount): most writers can.
     */
    default Optional<Map<String, String>> paths(String name, Set<String> fields) {
        return Optional.empty();
    }

    /** A credential id: 1 to 64 ASCII letters, digits and dashes, legal in every store. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * Checks that {@code name} is a credential id.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} naming the rule (not the name, which
     *     may be anything a caller passed)
     */
    static String requireValidName(String name) {
        if (name == null || !isValidName(name)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .message("A credential name must be 1 to 64 ASCII letters, digits or dashes ([A-Za-z0-9-]{1,64})"
                            + (name == null ? "; it was null" : "; the one given (" + name.length() + " characters) is not"))
                    .build();
        }
        return name;
    }

    /** {@link #NAME} without a regex engine: a credential store checks an id on every read. */
    private static boolean isValidName(String name) {
        int n = name.length();
        if (n < 1 || n > 64) return false;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
        }
        return true;
    }
}
