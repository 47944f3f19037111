package dev.secretref.provider.vault;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;

/**
 * Where to read a secret once its mount is known: the API path ({@code mount/data/name?version=N} for
 * KV v2, {@code mount/name} for KV v1), and, when the mount's version could not be detected and the path
 * has no {@code data/} segment, the KV v2 path to try if Vault says the v1 path is a versioned mount.
 */
final class KvLocation {
    private final String apiPath;
    private final boolean v2;
    private final KvLocation fallback;

    private KvLocation(String apiPath, boolean v2, KvLocation fallback) {
        this.apiPath = apiPath;
        this.v2 = v2;
        this.fallback = fallback;
    }

    static KvLocation of(KvPath p, KvMount mount) {
        String rel = mount.relative(p.secretPath());
        boolean dataForm = rel.startsWith("data/");
        if (mount.version() == 2 || (mount.version() == KvMount.UNKNOWN && dataForm)) {
            return v2(mount, dataForm ? rel.substring(5) : rel, p);
        }
        if (p.version() != null) {
            if (mount.version() == 1) {
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(p.toString())
                        .message("?version=N reads a KV v2 version, but mount '" + mount.path() + "' is KV v1").build();
            }
            return v2(mount, rel, p);   // version unknown: ?version only makes sense on v2
        }
        if (rel.isEmpty()) throw noName(p);
        KvLocation v1 = new KvLocation(VaultPaths.encode(mount.path() + "/" + rel), false, null);
        return mount.version() == 1 ? v1 : new KvLocation(v1.apiPath, false, v2(mount, rel, p));
    }

    private static KvLocation v2(KvMount mount, String name, KvPath p) {
        if (name.isEmpty()) throw noName(p);
        String api = VaultPaths.encode(mount.path() + "/data/" + name) + (p.version() == null ? "" : "?version=" + p.version());
        return new KvLocation(api, true, null);
    }

    private static SecretManagerException noName(KvPath p) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(p.toString())
                .message(KvPath.FORMAT + " ('" + p + "' names a mount but no secret under it)").build();
    }

    String apiPath() { return apiPath; }

    boolean v2() { return v2; }

    /** The KV v2 location to try after a 404 with Vault's "versioned K/V" hint, or {@code null}. */
    KvLocation fallback() { return fallback; }

    @Override
    public String toString() { return apiPath; }
}
