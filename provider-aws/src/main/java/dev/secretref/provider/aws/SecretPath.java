package dev.secretref.provider.aws;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed path: {@code secretName[:jsonKey]} or {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[:jsonKey]},
 * optionally followed by {@code ?versionStage=LABEL} or {@code ?versionId=ID}.
 *
 * <p>Secret names hold only letters, digits and {@code /_+=.@-}, so the first colon of a name path starts
 * the key; an ARN has six colons of its own, so its key starts after the seventh field. Everything after
 * that colon is the key, colons included.
 */
final class SecretPath {
    static final String FORMAT_MESSAGE = "Wrong key format. Should be secretName:secretJsonKey";
    private static final String FORMAT_DETAIL = " (or a secret ARN, with or without :secretJsonKey, optionally followed by "
            + "?versionStage=LABEL or ?versionId=ID)";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("(.*)\\?(versionStage|versionId)=([^?&=\\s]{1,256})", Pattern.DOTALL);
    private static final int ARN_FIELDS = 7;

    final String raw;
    /** The name or ARN sent to AWS as {@code SecretId}. */
    final String secretId;
    /** The JSON key, or empty for the whole secret. */
    final Optional<String> jsonKey;
    final Optional<String> versionStage;
    final Optional<String> versionId;
    /** For an ARN, the region it names. */
    final Optional<String> arnRegion;

    private SecretPath(String raw, String secretId, String jsonKey, String versionStage, String versionId, String arnRegion) {
        this.raw = raw;
        this.secretId = secretId;
        this.jsonKey = Optional.ofNullable(jsonKey);
        this.versionStage = Optional.ofNullable(versionStage);
        this.versionId = Optional.ofNullable(versionId);
        this.arnRegion = Optional.ofNullable(arnRegion);
    }

    /**
     * Parses {@code path}.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} with the format message
     */
    static SecretPath parse(String path) {
        if (path == null || path.isBlank()) throw invalid(path, "the path is empty");
        String rest = path;
        String stage = null;
        String versionId = null;
        Matcher v = VERSION_SUFFIX.matcher(path);
        if (v.matches()) {
            rest = v.group(1);
            if (v.group(2).equals("versionStage")) stage = v.group(3);
            else versionId = v.group(3);
        } else if (path.contains("?versionStage=") || path.contains("?versionId=")) {
            throw invalid(path, "the version suffix needs one value, e.g. ?versionStage=AWSPREVIOUS or ?versionId=<uuid>");
        }
        if (rest.startsWith("arn:")) return parseArn(path, rest, stage, versionId);
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String key = colon < 0 ? null : rest.substring(colon + 1);
        if (name.isEmpty()) throw invalid(path, "the secret name is empty");
        if (!NAME.matcher(name).matches()) {
            throw invalid(path, "a secret name has 1 to 512 letters, digits or /_+=.@- characters");
        }
        if (key != null && key.isEmpty()) throw invalid(path, "the JSON key after ':' is empty");
        return new SecretPath(path, name, key, stage, versionId, null);
    }

    private static SecretPath parseArn(String path, String rest, String stage, String versionId) {
        String[] f = rest.split(":", ARN_FIELDS + 1);
        if (f.length < ARN_FIELDS || !f[2].equals("secretsmanager") || !f[5].equals("secret")
                || f[1].isEmpty() || f[3].isEmpty() || f[4].isEmpty() || f[6].isEmpty()) {
            throw invalid(path, "a secret ARN looks like arn:aws:secretsmanager:<region>:<account>:secret:<name>");
        }
        String arn = String.join(":", f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        String key = f.length > ARN_FIELDS ? f[ARN_FIELDS] : null;
        if (key != null && key.isEmpty()) throw invalid(path, "the JSON key after the ARN's ':' is empty");
        return new SecretPath(path, arn, key, stage, versionId, f[3]);
    }

    private static SecretManagerException invalid(String path, String detail) {
        return SecretManagerException.builder(dev.secretref.ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                .message(FORMAT_MESSAGE + FORMAT_DETAIL + ": " + detail)
                .path(path)
                .build();
    }

    boolean isArn() { return secretId.startsWith("arn:"); }

    boolean hasVersion() { return versionStage.isPresent() || versionId.isPresent(); }

    /** What one remote read fetches: the secret and its version; paths with the same target share one read. */
    Target target() { return new Target(secretId, versionStage.orElse(null), versionId.orElse(null)); }

    /** The secret and version a read fetches. */
    record Target(String secretId, String versionStage, String versionId) {
        Target {
            Objects.requireNonNull(secretId, "secretId");
        }

        boolean hasVersion() { return versionStage != null || versionId != null; }

        /** For messages: the secret and, if any, its version selector. */
        String describe() {
            if (versionStage != null) return "'" + secretId + "' (versionStage " + versionStage + ")";
            if (versionId != null) return "'" + secretId + "' (versionId " + versionId + ")";
            return "'" + secretId + "'";
        }
    }

    @Override
    public String toString() { return raw; }
}
