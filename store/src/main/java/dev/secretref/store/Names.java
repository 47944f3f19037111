package dev.secretref.store;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The shapes the store accepts: credential ids, environment names, field names. Messages never echo a value. */
final class Names {
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Names() { }

    /** A credential id: {@code [A-Za-z0-9-]{1,64}}, legal in every store. */
    static String credentialId(String id) {
        return SecretWriter.requireValidName(id);
    }

    static String environment(String environment) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "An environment name must be 1 to 64 letters, digits, '.', '_' or '-'"
                            + (environment == null ? "; it was null" : ""));
        }
        return environment;
    }

    static String field(String field) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "A field name must be 1 to 128 letters, digits, '.', '_' or '-'" + (field == null ? "; it was null" : ""));
        }
        return field;
    }

    /** A checked, ordered, unmodifiable copy of {@code fields}: at least one, names valid, values not null. */
    static Map<String, String> fields(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                        "Field '" + field(e.getKey()) + "' has no value (null); pass \"\" for an empty value");
            }
            copy.put(field(e.getKey()), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }
}
