package dev.secretref.provider.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes credentials as Secret Manager secrets named {@code <writePrefix><name>} whose payload is the fields
 * as one JSON object. A write adds a version ({@code :addVersion}, with the payload's CRC32C so Google checks
 * it); when the secret does not exist yet it is created first (automatic replication, or user-managed
 * replicas in {@code replicationLocations}; a regional secret lives in the manager's location). Old versions
 * stay as they are. {@code delete} removes the secret with every version. Last writer wins: Secret Manager
 * has no check-and-set on versions.
 */
final class GcpSecretWriter implements SecretWriter {
    /** Secret Manager's limit for one version's payload. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GcpSettings settings;
    private final SecretManagerApi api;
    private final GoogleErrors errors;
    private final Runnable ensureOpen;

    GcpSecretWriter(GcpSettings settings, SecretManagerApi api, GoogleErrors errors, Runnable ensureOpen) {
        this.settings = settings;
        this.api = api;
        this.errors = errors;
        this.ensureOpen = ensureOpen;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        byte[] payload = payload(fields);
        ensureOpen.run();
        String secretId = settings.writePrefix() + name;
        String secretName = parent() + "/secrets/" + secretId;
        byte[] request = addVersionRequest(payload);
        HttpResponse<byte[]> r = api.addVersion(secretName, request);
        if (r.statusCode() == 404) {
            create(secretId);
            r = api.addVersion(secretName, request);
        }
        if (r.statusCode() != 200) {
            throw errors.map(GoogleErrors.Op.ADD_VERSION, GoogleError.of(r), "adding a version to secret '" + secretId + "'");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        fields.keySet().forEach(f -> paths.put(f, secretId + ":" + f));
        return paths;
    }

    private void create(String secretId) {
        ObjectNode secret = JSON.createObjectNode();
        if (settings.location().isEmpty()) {
            ObjectNode replication = secret.putObject("replication");
            if (settings.replicationLocations().isEmpty()) {
                replication.putObject("automatic");
            } else {
                ArrayNode replicas = replication.putObject("userManaged").putArray("replicas");
                settings.replicationLocations().forEach(l -> replicas.addObject().put("location", l));
            }
        }
        secret.putObject("labels").put("managed-by", "secretref");
        HttpResponse<byte[]> r = api.createSecret(parent(), secretId, secret.toString().getBytes(StandardCharsets.UTF_8));
        int status = r.statusCode();
        if (status == 200 || status == 409) return;   // 409 ALREADY_EXISTS: a concurrent writer created it first
        throw errors.map(GoogleErrors.Op.CREATE, GoogleError.of(r), "creating secret '" + secretId + "'");
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        ensureOpen.run();
        String secretId = settings.writePrefix() + name;
        HttpResponse<byte[]> r = api.deleteSecret(parent() + "/secrets/" + secretId);
        int status = r.statusCode();
        if (status == 200 || status == 404) return;
        throw errors.map(GoogleErrors.Op.DELETE, GoogleError.of(r), "deleting secret '" + secretId + "'");
    }

    private String parent() {
        return "projects/" + settings.projectId() + settings.location().map(l -> "/locations/" + l).orElse("");
    }

    /** The fields as one JSON object, checked against the store's size limit. */
    private static byte[] payload(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw invalid(Reason.INVALID_REFERENCE, "A credential needs at least one field to write");
        }
        ObjectNode o = JSON.createObjectNode();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String f = e.getKey();
            if (f == null || f.isEmpty() || f.chars().anyMatch(Character::isISOControl) || f.contains("?version=")) {
                throw invalid(Reason.INVALID_REFERENCE, "A field name must be non-empty text without control characters or '?version='");
            }
            if (e.getValue() == null) throw invalid(Reason.INVALID_REFERENCE, "The value of a field is null; write \"\" for an empty value");
            o.put(f, e.getValue());
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw invalid(Reason.PROVIDER_ERROR, "The fields could not be written as JSON");
        }
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw invalid(Reason.UNSUPPORTED, "The fields take " + bytes.length + " bytes as JSON; Google Secret Manager holds at most "
                    + MAX_PAYLOAD_BYTES + " bytes (64 KiB) per secret version");
        }
        return bytes;
    }

    private static byte[] addVersionRequest(byte[] payload) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode p = request.putObject("payload");
        p.put("data", Base64.getEncoder().encodeToString(payload));
        p.put("dataCrc32c", Long.toString(Payload.crc32c(payload)));
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static SecretManagerException invalid(Reason reason, String message) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, reason).message(message).build();
    }

    @Override
    public String toString() {
        return "GcpSecretWriter[prefix=" + settings.writePrefix() + "]";
    }
}
