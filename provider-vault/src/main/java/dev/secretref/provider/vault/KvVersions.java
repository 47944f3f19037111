package dev.secretref.provider.vault;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The KV v2 version this process last wrote or read for each secret (by its {@code mount/data/path} API path), so a
 * write can send it as {@code options.cas} and a concurrent writer is detected instead of overwritten.
 */
final class KvVersions {
    private final ConcurrentMap<String, Long> versions = new ConcurrentHashMap<>();

    /** Records {@code version} of the secret at {@code dataApiPath} (never moves back to an older version). */
    void seen(String dataApiPath, long version) {
        if (version > 0) versions.merge(dataApiPath, version, Math::max);
    }

    /** Records {@code version} as the one this process just wrote, whatever was known before. */
    void wrote(String dataApiPath, long version) {
        if (version > 0) versions.put(dataApiPath, version);
    }

    OptionalLong get(String dataApiPath) {
        Long v = versions.get(dataApiPath);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    void forget(String dataApiPath) {
        versions.remove(dataApiPath);
    }

    @Override
    public String toString() { return "KvVersions[" + versions.size() + " secrets]"; }
}
