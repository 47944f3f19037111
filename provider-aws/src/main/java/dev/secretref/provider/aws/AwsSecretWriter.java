package dev.secretref.provider.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Writes credentials to AWS Secrets Manager as one secret {@code <writePrefix><name>} whose SecretString is a JSON
 * object of the fields; each field reads back as {@code <writePrefix><name>:<field>}.
 *
 * <p>A write is {@code CreateSecret} with a fresh {@code ClientRequestToken} (so the SDK's retry of a create whose
 * answer was lost is ignored by AWS instead of failing), and on {@code ResourceExistsException} a
 * {@code PutSecretValue} with the same token, which adds a version and moves {@code AWSCURRENT} to it. A secret
 * scheduled for deletion cannot be written: that is a {@code VALIDATION} error saying to restore it or pick another
 * name. {@code delete} is {@code DeleteSecret} with {@code RecoveryWindowInDays = deleteRecoveryDays}, or
 * {@code ForceDeleteWithoutRecovery} when it is 0. Last writer wins (Secrets Manager has no check-and-set).
 */
final class AwsSecretWriter implements SecretWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String WRITE_ACTIONS = "secretsmanager:CreateSecret and secretsmanager:PutSecretValue";

    private final AwsSettings settings;
    private final AwsWriteSettings write;
    private final AwsClients clients;
    private final AwsWriteErrors errors;
    private final Runnable ensureOpen;

    AwsSecretWriter(AwsSettings settings, AwsWriteSettings write, AwsClients clients, Runnable ensureOpen) {
        this.settings = settings;
        this.write = write;
        this.clients = clients;
        this.errors = new AwsWriteErrors(settings);
        this.ensureOpen = ensureOpen;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        String secretName = write.prefix + name;
        Map<String, String> paths = pathsOf(secretName, fields);
        String json = toJson(fields);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > AwsWriteSettings.MAX_SECRET_STRING_BYTES) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Credential '" + name + "' is too large for AWS "
                    + "Secrets Manager: its fields make a JSON SecretString of " + bytes + " bytes, and a secret holds at most "
                    + AwsWriteSettings.MAX_SECRET_STRING_BYTES + " bytes");
        }
        ensureOpen.run();
        String token = UUID.randomUUID().toString();
        try {
            create(secretName, json, token);
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException exists) {
            try {
                clients.secretsManager.putSecretValue(b -> b.secretId(secretName).secretString(json).clientRequestToken(token));
            } catch (SdkException e) {
                throw writeFailure(e, "PutSecretValue", name, secretName);
            }
        } catch (SdkException e) {
            throw writeFailure(e, "CreateSecret", name, secretName);
        }
        return paths;
    }

    private void create(String secretName, String json, String token) {
        CreateSecretRequest.Builder b = CreateSecretRequest.builder()
                .name(secretName)
                .secretString(json)
                .clientRequestToken(token)
                .description("Credential written by secretref (manager " + settings.manager + ")");
        write.kmsKeyId.ifPresent(b::kmsKeyId);
        if (!write.tags.isEmpty()) {
            b.tags(write.tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
        }
        clients.secretsManager.createSecret(b.build());
    }

    private SecretManagerException writeFailure(SdkException e, String operation, String name, String secretName) {
        if ("InvalidRequestException".equals(AwsWriteErrors.code(e)) && scheduledForDeletion(secretName)) {
            return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .message("Credential '" + name + "' cannot be written: secret '" + secretName + "' is scheduled for "
                            + "deletion in AWS Secrets Manager (region " + settings.region + "). Restore it first "
                            + "(aws secretsmanager restore-secret --secret-id " + secretName + ", which needs "
                            + "secretsmanager:RestoreSecret) or write the credential under another name; with "
                            + "deleteRecoveryDays 0 deleted names are free again at once")
                    .path(secretName).build();
        }
        if ("InvalidRequestException".equals(AwsWriteErrors.code(e))) {
            return AwsWriteErrors.failed(Reason.PROVIDER_ERROR, operation + " of secret '" + secretName + "' was refused "
                    + "(InvalidRequestException): the secret may be scheduled for deletion (restore it) or managed by another "
                    + "AWS service (write through that service); grant secretsmanager:DescribeSecret to get a precise answer");
        }
        return errors.forWrite(e, operation, secretName, WRITE_ACTIONS);
    }

    /** Whether AWS reports {@code secretName} as scheduled for deletion; false when it cannot tell. */
    private boolean scheduledForDeletion(String secretName) {
        try {
            DescribeSecretResponse d = clients.secretsManager.describeSecret(b -> b.secretId(secretName));
            return d.deletedDate() != null;
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        String secretName = write.prefix + name;
        ensureOpen.run();
        DeleteSecretRequest.Builder b = DeleteSecretRequest.builder().secretId(secretName);
        if (write.recoveryDays == 0) b.forceDeleteWithoutRecovery(true);
        else b.recoveryWindowInDays((long) write.recoveryDays);
        try {
            clients.secretsManager.deleteSecret(b.build());
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException absent) {
            // already gone: deleting an absent credential is no error
        } catch (SdkException e) {
            if ("InvalidRequestException".equals(AwsWriteErrors.code(e)) && scheduledForDeletion(secretName)) {
                return; // deleted earlier, still in its recovery window
            }
            throw errors.forWrite(e, "DeleteSecret", secretName, "secretsmanager:DeleteSecret");
        }
    }

    /** The path of each field; a field name that would not read back through its path is refused. */
    private static Map<String, String> pathsOf(String secretName, Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String field = f.getKey();
            if (f.getValue() == null) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field '" + field + "' has no value (null)");
            }
            String path = secretName + ":" + field;
            boolean readsBack;
            try {
                SecretPath p = SecretPath.parse(path);
                readsBack = p.jsonKey.isPresent() && p.jsonKey.get().equals(field) && !p.hasVersion();
            } catch (SecretManagerException e) {
                readsBack = false;
            }
            if (field == null || field.isEmpty() || !readsBack || field.chars().anyMatch(Character::isISOControl)) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A field name must be non-empty text without "
                        + "control characters or a ?versionStage= / ?versionId= suffix; field '" + field + "' is not");
            }
            paths.put(field, path);
        }
        return paths;
    }

    private static String toJson(Map<String, String> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> f : fields.entrySet()) g.writeStringField(f.getKey(), f.getValue());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "AwsSecretWriter[manager=" + settings.manager + ", region=" + settings.region + ", " + write + "]";
    }
}
