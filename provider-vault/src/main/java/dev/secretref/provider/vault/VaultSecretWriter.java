package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Writes credentials into Vault's KV engine as the secret {@code <writePrefix><name>}, whose data map holds the
 * fields; each field reads back as {@code mount/data/<path>/<field>} (KV v2) or {@code mount/<path>/<field>} (KV v1).
 *
 * <p>KV v2: {@code POST <mount>/data/<path>} with {@code options.cas} set to the version this process last wrote or
 * read for that secret ({@link KvVersions}), so a concurrent writer is detected: Vault's 400 "check-and-set parameter
 * did not match" is {@code SECRET_MANAGER_WRITE_FAILED / CONFLICT}. A secret this process has not seen is written
 * without {@code cas} (last writer wins), unless the mount or secret has {@code cas_required}: then Vault's 400
 * "check-and-set parameter required" makes the writer read the current version and send it. Delete is
 * {@code DELETE <mount>/metadata/<path>} (every version and the metadata). KV v1: {@code PUT <mount>/<path>} and
 * {@code DELETE <mount>/<path>}. When the token may not read the mount's KV version, a prefix in
 * {@code mount/data/...} form is written as KV v2; otherwise the KV v1 call is tried first and Vault's
 * "versioned K/V" answer switches to KV v2.
 */
final class VaultSecretWriter implements SecretWriter {
    private final VaultWriteSettings settings;
    private final VaultSession session;
    private final MountResolver mounts;
    private final KvVersions versions;

    VaultSecretWriter(VaultWriteSettings settings, VaultSession session, MountResolver mounts, KvVersions versions) {
        this.settings = settings;
        this.session = session;
        this.mounts = mounts;
        this.versions = versions;
    }

    /** Where one credential lives, in both KV forms; {@code version} is the mount's (1, 2 or unknown). */
    private record Target(String mount, int version, String rel, boolean dataForm) {
        String v2Name() { return dataForm ? rel.substring("data/".length()) : rel; }
        String dataApi() { return VaultPaths.encode(mount + "/data/" + v2Name()); }
        String metadataApi() { return VaultPaths.encode(mount + "/metadata/" + v2Name()); }
        String v1Api() { return VaultPaths.encode(mount + "/" + rel); }
        String ref(boolean v2) { return v2 ? mount + "/data/" + v2Name() : mount + "/" + rel; }
    }

    private Target target(String name) {
        String secretPath = settings.prefix + "/" + name;
        KvMount m;
        try {
            m = mounts.mountFor(secretPath, null);
        } catch (SecretManagerException e) {
            throw asWriteFailure(e, "Finding the KV mount of " + secretPath);
        }
        String rel = m.relative(secretPath);
        boolean dataForm = rel.startsWith("data/") && m.version() != 1;
        return new Target(m.path(), m.version(), rel, dataForm);
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        checkFields(fields);
        Target t = target(name);
        boolean v2;
        if (t.version() == 2 || (t.version() == KvMount.UNKNOWN && t.dataForm())) {
            writeV2(t, fields);
            v2 = true;
        } else {
            VaultResponse r = send("PUT", t.v1Api(), Json.MAPPER.valueToTree(fields), "write");
            if (t.version() == KvMount.UNKNOWN && !r.ok() && r.versionedKvHint()) {
                writeV2(t, fields);
                v2 = true;
            } else {
                if (!r.ok()) throw failure(r, "PUT", t.v1Api(), "[\"create\", \"update\"]");
                v2 = false;
            }
        }
        Map<String, String> paths = new LinkedHashMap<>();
        for (String field : fields.keySet()) paths.put(field, t.ref(v2) + "/" + field);
        return paths;
    }

    private void writeV2(Target t, Map<String, String> fields) {
        String api = t.dataApi();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("data", Json.MAPPER.valueToTree(fields));
        OptionalLong known = versions.get(api);
        if (known.isPresent()) body.putObject("options").put("cas", known.getAsLong());
        VaultResponse r = send("POST", api, body, "write");
        if (r.status() == 400 && said(r, "check-and-set parameter required")) {
            // cas_required on the mount or the secret, and this process has not seen the secret: send its current version
            body.putObject("options").put("cas", currentVersion(api));
            r = send("POST", api, body, "write");
        }
        if (r.status() == 400 && said(r, "did not match")) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.CONFLICT)
                    .path(t.ref(true))
                    .message("Another writer changed the Vault secret " + t.ref(true) + " after this process last wrote or "
                            + "read it (version " + (known.isPresent() ? known.getAsLong() : 0) + "; check-and-set failed). "
                            + "Read it again (invalidate the manager's cache first), then write again")
                    .build();
        }
        if (!r.ok()) throw failure(r, "POST", api, "[\"create\", \"update\"]");
        versions.wrote(api, r.body().path("data").path("version").asLong(0));
    }

    /** The secret's latest version number (also a soft-deleted one), 0 when it does not exist. */
    private long currentVersion(String dataApi) {
        VaultResponse r = send("GET", dataApi, null, "read");
        long v = r.body().path("data").path("metadata").path("version").asLong(0);
        if (r.ok() || (r.status() == 404 && v > 0)) return v;
        if (r.status() == 404) return 0;
        throw failure(r, "GET", dataApi, "[\"read\"]");
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        Target t = target(name);
        if (t.version() == 2 || (t.version() == KvMount.UNKNOWN && t.dataForm())) {
            deleteV2(t);
            return;
        }
        VaultResponse r = send("DELETE", t.v1Api(), null, "delete");
        if (t.version() == KvMount.UNKNOWN && !r.ok() && r.versionedKvHint()) {
            deleteV2(t);
            return;
        }
        if (!r.ok() && r.status() != 404) throw failure(r, "DELETE", t.v1Api(), "[\"delete\"]");
    }

    private void deleteV2(Target t) {
        String api = t.metadataApi();
        VaultResponse r = send("DELETE", api, null, "delete");
        if (!r.ok() && r.status() != 404) throw failure(r, "DELETE", api, "[\"delete\"]");
        versions.forget(t.dataApi());
    }

    private VaultResponse send(String method, String api, com.fasterxml.jackson.databind.JsonNode body, String what) {
        try {
            return session.call(method, api, body);
        } catch (SecretManagerException e) {
            throw asWriteFailure(e, method + " /v1/" + api);
        }
    }

    private static boolean said(VaultResponse r, String text) {
        return r.errorText().toLowerCase(Locale.ROOT).contains(text);
    }

    /** A transport failure or a rejected token stays a connection failure; anything else becomes a write failure. */
    private static SecretManagerException asWriteFailure(SecretManagerException e, String what) {
        if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED || e.code() == ErrorCode.VALIDATION) return e;
        ErrorCode code = switch (e.reason()) {
            case TIMEOUT, UNREACHABLE -> ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
            default -> ErrorCode.SECRET_MANAGER_WRITE_FAILED;
        };
        return SecretManagerException.builder(code, e.reason()).message(what + " failed: " + e.getMessage())
                .cause(e.getCause()).path(e.path()).build();
    }

    private static SecretManagerException failure(VaultResponse r, String method, String api, String capabilities) {
        String where = method + " /v1/" + api;
        int s = r.status();
        String said = r.errorText().isEmpty() ? "" : ": " + r.errorText();
        if (s == 403) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                    .message("Vault denied " + where + " (HTTP 403" + said + "). The token's policy needs: path \"" + api
                            + "\" { capabilities = " + capabilities + " } (in the right namespace, if any)")
                    .build();
        }
        if (s == 503 && r.sealed()) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("Vault is sealed: " + where + " answered HTTP 503. Unseal Vault (or point url at an unsealed node)")
                    .build();
        }
        if (s >= 500) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("Vault could not serve " + where + " (HTTP " + s + said + "); check Vault's health and logs").build();
        }
        Reason reason = s == 429 ? Reason.THROTTLED : s == 404 ? Reason.NOT_FOUND : Reason.PROVIDER_ERROR;
        String hint = s == 404 ? "; check that writePrefix starts with an enabled KV mount (and the namespace)" : "";
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, reason)
                .message("Vault refused " + where + " (HTTP " + s + said + ")" + hint).build();
    }

    /** Field names become the last segment of a reference path: no '/', no '?', no outer spaces, not empty. */
    private static void checkFields(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String k = f.getKey();
            if (k == null || k.isEmpty() || k.contains("/") || k.contains("?") || !k.equals(k.strip())
                    || k.chars().anyMatch(Character::isISOControl)) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A field name must be non-empty, without "
                        + "'/', '?', control characters or outer spaces (it is the last segment of the reference path); '"
                        + k + "' is not");
            }
            if (f.getValue() == null) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field '" + k + "' has no value (null)");
            }
        }
    }

    @Override
    public String toString() { return "VaultSecretWriter[" + settings + ", " + versions + "]"; }
}
