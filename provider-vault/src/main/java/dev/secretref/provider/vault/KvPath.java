package dev.secretref.provider.vault;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Arrays;
import dev.secretref.provider.support.VersionQuery;

/**
 * A reference path: {@code mount/data/path/key} (KV v2), {@code mount/path/key} (KV v1, or v2 once the
 * mount is detected), optionally {@code ?version=N}. The last segment is the key inside the secret; the
 * rest is the secret's path, read once however many of its keys are asked for.
 */
final class KvPath {
    static final String FORMAT = "Wrong path format. Should be mount/data/path/key";

    private final String secretPath;
    private final String key;
    private final Integer version;

    private KvPath(String secretPath, String key, Integer version) {
        this.secretPath = secretPath;
        this.key = key;
        this.version = version;
    }

    /** @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} */
    static KvPath parse(String path) {
        if (path == null || path.isBlank()) throw invalid(FORMAT + " (the path is empty)", path);
        String p = path.strip();
        VersionQuery q = VersionQuery.parse(p, "Vault");
        Integer version = q.version().isPresent() ? q.version().getAsInt() : null;
        p = q.base();
        String[] segments = p.split("/", -1);
        if (segments.length < 3) {
            throw invalid(FORMAT + " ('" + p + "' has " + segments.length + " segment" + (segments.length == 1 ? "" : "s") + ")", path);
        }
        if (Arrays.stream(segments).anyMatch(String::isEmpty)) {
            throw invalid(FORMAT + " ('" + p + "' has an empty segment)", path);
        }
        int cut = p.lastIndexOf('/');
        return new KvPath(p.substring(0, cut), p.substring(cut + 1), version);
    }

    private static SecretManagerException invalid(String message, String path) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).message(message).path(path).build();
    }

    /** The secret's path as written, without the key, e.g. {@code secret/data/app/db}. */
    String secretPath() { return secretPath; }

    String key() { return key; }

    /** The KV v2 version asked for, or {@code null} for the latest. */
    Integer version() { return version; }

    /** Paths with the same group are served by one read. */
    String group() { return version == null ? secretPath : secretPath + "?version=" + version; }

    @Override
    public String toString() { return secretPath + "/" + key + (version == null ? "" : "?version=" + version); }
}
