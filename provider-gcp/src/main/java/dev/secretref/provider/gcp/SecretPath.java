package dev.secretref.provider.gcp;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed path: {@code secretName[:jsonKey]}, or a resource name {@code projects/P/secrets/S[:jsonKey]}
 * (another project is allowed) or {@code projects/P/locations/L/secrets/S[:jsonKey]}, optionally followed
 * by {@code ?version=N} or {@code ?version=latest} (the default).
 *
 * <p>Secret ids hold only letters, digits, {@code -} and {@code _}, so the first {@code :} after the secret
 * id starts the JSON key; everything after it is the key. Messages never quote the path; the exception
 * carries it in {@link SecretManagerException#path()}.
 */
final class SecretPath {
    static final String FORMAT = "secretName[:jsonKey] or projects/<project>/secrets/<secret>[:jsonKey], optionally followed by "
            + "?version=N (default latest)";
    private static final Pattern VERSION_SUFFIX = Pattern.compile("(.*)\\?version=(latest|[1-9][0-9]{0,18})", Pattern.DOTALL);
    private static final Pattern PREFIX = Pattern.compile("projects/([^/]+)(?:/locations/([^/]+))?");
    private static final String SECRETS = "/secrets/";

    final String raw;
    final Target target;
    final Optional<String> jsonKey;

    private SecretPath(String raw, Target target, Optional<String> jsonKey) {
        this.raw = raw;
        this.target = target;
        this.jsonKey = jsonKey;
    }

    /**
     * Parses {@code path}; a bare secret name or a resource name without a location takes the manager's
     * project and location.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} saying what is wrong
     */
    static SecretPath parse(String path, String defaultProject, Optional<String> managerLocation) {
        if (path == null || path.isBlank()) throw invalid(path, "the path is empty");
        if (!path.strip().equals(path)) throw invalid(path, "the path starts or ends with whitespace");
        String rest = path;
        String version = "latest";
        Matcher v = VERSION_SUFFIX.matcher(path);
        if (v.matches()) {
            rest = v.group(1);
            version = v.group(2);
        } else if (path.contains("?version=")) {
            throw invalid(path, "?version= takes a version number from 1, or latest");
        }
        String project = defaultProject;
        String location = managerLocation.orElse(null);
        String secretAndKey = rest;
        if (rest.startsWith("projects/")) {
            int s = rest.indexOf(SECRETS);
            if (s < 0) throw invalid(path, "a resource name looks like projects/<project>/secrets/<secret>");
            Matcher m = PREFIX.matcher(rest.substring(0, s));
            if (!m.matches() || !GcpSettings.PROJECT.matcher(m.group(1)).matches()) {
                throw invalid(path, "a resource name looks like projects/<project>/secrets/<secret> or "
                        + "projects/<project>/locations/<region>/secrets/<secret>");
            }
            project = m.group(1);
            if (m.group(2) != null) {
                if (managerLocation.isEmpty() || !managerLocation.get().equals(m.group(2))) {
                    throw invalid(path, "the resource name is a regional secret in " + m.group(2) + ", but this manager "
                            + managerLocation.map(l -> "serves location " + l).orElse("serves global secrets")
                            + "; use a manager whose location is " + m.group(2));
                }
            }
            secretAndKey = rest.substring(s + SECRETS.length());
        }
        int colon = secretAndKey.indexOf(':');
        String secret = colon < 0 ? secretAndKey : secretAndKey.substring(0, colon);
        String key = colon < 0 ? null : secretAndKey.substring(colon + 1);
        if (secret.isEmpty()) throw invalid(path, "the secret name is empty");
        if (!GcpSettings.SECRET_ID.matcher(secret).matches()) {
            throw invalid(path, "a secret name has 1 to 255 letters, digits, '-' or '_'");
        }
        if (key != null && key.isEmpty()) throw invalid(path, "the JSON key after ':' is empty");
        return new SecretPath(path, new Target(project, location, secret, version), Optional.ofNullable(key));
    }

    private static SecretManagerException invalid(String path, String detail) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                .message("Invalid Google Secret Manager path: " + detail + " (expected " + FORMAT + ")")
                .path(path)
                .build();
    }

    /** One secret version: what one remote read fetches. Paths with the same target share one read. */
    record Target(String project, String location, String secretId, String version) {
        Target {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(secretId, "secretId");
            Objects.requireNonNull(version, "version");
        }

        /** {@code projects/P[/locations/L]/secrets/S}. */
        String secretName() {
            return "projects/" + project + (location == null ? "" : "/locations/" + location) + "/secrets/" + secretId;
        }

        /** {@code projects/P[/locations/L]/secrets/S/versions/V}. */
        String versionName() {
            return secretName() + "/versions/" + version;
        }

        /** For messages. */
        String describe() {
            return "secret '" + secretId + "' (version " + version + ") in project " + project
                    + (location == null ? "" : " location " + location);
        }
    }

    @Override
    public String toString() { return raw; }
}
