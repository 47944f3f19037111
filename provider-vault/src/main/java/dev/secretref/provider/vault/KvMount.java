package dev.secretref.provider.vault;

/**
 * A KV mount and its engine version as {@code sys/internal/ui/mounts} reported it ({@code data.path},
 * {@code data.options.version}); version {@link #UNKNOWN} when the token may not read that endpoint.
 */
record KvMount(String path, int version) {
    static final int UNKNOWN = 0;

    boolean covers(String secretPath) { return VaultPaths.under(secretPath, path); }

    /** {@code secretPath} without this mount's prefix ({@code ""} for the mount itself). */
    String relative(String secretPath) {
        return secretPath.length() == path.length() ? "" : secretPath.substring(path.length() + 1);
    }
}
