package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.SecretManagerException;

/**
 * Reads one secret (all its keys) with one GET: KV v2 answers {@code data.data} plus {@code data.metadata}
 * ({@code deletion_time}, {@code destroyed}, {@code version}); KV v1 answers {@code data}. A deleted or
 * destroyed version (Vault answers 404 with its metadata) is {@code NOT_FOUND} saying so.
 */
final class KvReader {
    private final VaultSession session;
    private final MountResolver mounts;
    private final KvVersions versions;

    KvReader(VaultSession session, MountResolver mounts, KvVersions versions) {
        this.session = session;
        this.mounts = mounts;
        this.versions = versions;
    }

    /** The secret's key/value object. {@code refPath} is the reference path, for errors. */
    JsonNode read(KvPath p, String refPath) {
        KvMount mount = mounts.mountFor(p.secretPath(), refPath);
        KvLocation loc = KvLocation.of(p, mount);
        VaultResponse r = session.call("GET", loc.apiPath(), null);
        if (!r.ok() && loc.fallback() != null && (r.status() == 404 || r.status() == 403)) {
            VaultResponse v2 = session.call("GET", loc.fallback().apiPath(), null);
            if (v2.ok() || (v2.status() == 404 && isDeletedVersion(v2))) {
                loc = loc.fallback();
                r = v2;
            }
        }
        JsonNode data = data(r, loc, refPath);
        if (loc.v2() && p.version() == null) {
            versions.seen(loc.apiPath(), r.body().path("data").path("metadata").path("version").asLong(0));
        }
        return data;
    }

    private static boolean isDeletedVersion(VaultResponse r) {
        JsonNode meta = r.body().path("data").path("metadata");
        return meta.isObject() && (!meta.path("deletion_time").asText("").isEmpty() || meta.path("destroyed").asBoolean(false));
    }

    private static JsonNode data(VaultResponse r, KvLocation loc, String refPath) {
        if (loc.v2()) {
            JsonNode meta = r.body().path("data").path("metadata");
            if ((r.ok() || r.status() == 404) && isDeletedVersion(r)) {
                throw VaultErrors.deleted(refPath, loc.apiPath(), meta.path("deletion_time").asText(""),
                        meta.path("destroyed").asBoolean(false), meta.path("version").asLong(0));
            }
        }
        if (!r.ok()) throw VaultErrors.request(r, "GET", loc.apiPath(), "read", refPath);
        JsonNode data = loc.v2() ? r.body().path("data").path("data") : r.body().path("data");
        if (!data.isObject()) {
            if (loc.v2() && r.body().path("data").isObject() && data.isNull()) {
                throw SecretManagerException.notFound(refPath, "The secret at /v1/" + loc.apiPath() + " has no data (deleted?)");
            }
            throw VaultErrors.malformed(refPath, "GET /v1/" + loc.apiPath() + " has no " + (loc.v2() ? "data.data" : "data") + " object");
        }
        return data;
    }

    /** The value of the path's key: a string as is, any other JSON value as its JSON text. */
    static String value(JsonNode data, KvPath p, String refPath) {
        JsonNode v = data.get(p.key());
        if (v == null) throw VaultErrors.noKey(refPath, p, data::fieldNames);
        return Json.text(v);
    }
}
