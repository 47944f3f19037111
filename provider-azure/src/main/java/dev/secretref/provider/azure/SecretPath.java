package dev.secretref.provider.azure;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed path: {@code secretName[:jsonKey]}, optionally followed by {@code ?version=ID}. A Key Vault secret
 * name is 1 to 127 letters, digits and dashes, so the first colon starts the key; everything after it is the
 * key, colons included. A version id is what Key Vault puts at the end of a secret id (32 hex digits today).
 */
final class SecretPath {
    static final String FORMAT = "secretName[:jsonKey][?version=ID]";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,127}");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("(.*)\\?version=([A-Za-z0-9]{1,64})", Pattern.DOTALL);

    final String raw;
    final String name;
    final Optional<String> jsonKey;
    final Optional<String> version;

    private SecretPath(String raw, String name, String jsonKey, String version) {
        this.raw = raw;
        this.name = name;
        this.jsonKey = Optional.ofNullable(jsonKey);
        this.version = Optional.ofNullable(version);
    }

    /**
     * Parses {@code path}.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} saying what is wrong
     */
    static SecretPath parse(String path) {
        if (path == null || path.isEmpty()) throw invalid(path, "the path is empty");
        String rest = path;
        String version = null;
        Matcher v = VERSION_SUFFIX.matcher(path);
        if (v.matches()) {
            rest = v.group(1);
            version = v.group(2);
        } else if (path.contains("?version=")) {
            throw invalid(path, "?version= takes a Key Vault version id (letters and digits, e.g. 4387e9f3d6e14c459867679a90fd0f79)");
        }
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String key = colon < 0 ? null : rest.substring(colon + 1);
        if (name.isEmpty()) throw invalid(path, "the secret name is empty");
        if (!NAME.matcher(name).matches()) {
            throw invalid(path, "a Key Vault secret name is 1 to 127 letters, digits and dashes");
        }
        if (key != null && key.isEmpty()) throw invalid(path, "the JSON key after ':' is empty");
        return new SecretPath(path, name, key, version);
    }

    private static SecretManagerException invalid(String path, String detail) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                .message("An Azure Key Vault path is " + FORMAT + ": " + detail)
                .path(path).build();
    }

    /** What one remote read fetches; paths with the same target share one read. */
    Target target() { return new Target(name, version.orElse(null)); }

    /** A secret and, if pinned, its version. */
    record Target(String name, String version) {
        Target {
            Objects.requireNonNull(name, "name");
        }

        /** For messages: the secret and, if any, its version. */
        String describe() {
            return version == null ? "'" + name + "'" : "'" + name + "' (version " + version + ")";
        }
    }

    @Override
    public String toString() { return raw; }
}
