package dev.secretref.provider.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.azure.AzureErrors.Operation;
import dev.secretref.spi.SecretWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes credentials as Key Vault secrets named {@code writePrefix + name}, each holding the fields as one JSON
 * object with content type {@code application/json}; every write is a new version (last writer wins: Key Vault
 * has no check-and-set). {@link #delete} soft-deletes the secret and, with {@code purgeOnDelete=true}, purges it
 * once the deletion is complete.
 */
final class AzureSecretWriter implements SecretWriter {
    /** Key Vault's limit for a secret value: 25 KiB. */
    static final int MAX_VALUE_BYTES = 25 * 1024;
    static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A field name that would read as a version suffix in a path. */
    private static final Pattern VERSION_LIKE = Pattern.compile(".*\\?version=[A-Za-z0-9]{1,64}", Pattern.DOTALL);
    private static final int MAX_POLLS = 30;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final AzureSettings settings;
    private final KeyVaultSession session;
    private final AzureErrors errors;
    private final Sleeper sleeper;
    private final Runnable ensureOpen;

    AzureSecretWriter(AzureSettings settings, KeyVaultSession session, AzureErrors errors, Sleeper sleeper, Runnable ensureOpen) {
        this.settings = settings;
        this.session = session;
        this.errors = errors;
        this.sleeper = sleeper;
        this.ensureOpen = ensureOpen;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        ensureOpen.run();
        String secretName = settings.writePrefix + SecretWriter.requireValidName(name);
        byte[] json = json(fields);
        if (json.length > MAX_VALUE_BYTES) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .message("The fields of credential '" + name + "' take " + json.length + " bytes as JSON; an Azure Key Vault "
                            + "secret holds at most " + MAX_VALUE_BYTES + " bytes")
                    .path(secretName).build();
        }
        KeyVaultSecret secret = new KeyVaultSecret(secretName, new String(json, StandardCharsets.UTF_8))
                .setProperties(new SecretProperties().setContentType(CONTENT_TYPE));
        try {
            session.call(c -> c.setSecret(secret));
        } catch (RuntimeException e) {
            throw errors.map(e, Operation.WRITE, "secret '" + secretName + "'", secretName);
        }
        Map<String, String> paths = new LinkedHashMap<>();
        fields.keySet().forEach(f -> paths.put(f, secretName + ":" + f));
        return paths;
    }

    private static byte[] json(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey() == null || f.getKey().isEmpty() || VERSION_LIKE.matcher(f.getKey()).matches()) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A field name must be non-empty and must not "
                        + "end with ?version=<id> (it would read as a version in a path)");
            }
            if (f.getValue() == null) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field '" + f.getKey() + "' has no value (null)");
            }
        }
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "The fields could not be written as JSON");
        }
    }

    @Override
    public void delete(String name) {
        ensureOpen.run();
        String secretName = settings.writePrefix + SecretWriter.requireValidName(name);
        boolean existed = true;
        try {
            SyncPoller<DeletedSecret, Void> poller = session.call(c -> c.beginDeleteSecret(secretName));
            if (settings.purgeOnDelete) awaitDeletion(poller, secretName);
        } catch (RuntimeException e) {
            if (!isStatus(e, 404)) throw errors.map(e, Operation.DELETE, "secret '" + secretName + "'", secretName);
            existed = false;   // absent is no error; with purgeOnDelete it may still be soft-deleted
        }
        if (settings.purgeOnDelete) purge(secretName, existed);
    }

    /** Soft deletion is asynchronous in Key Vault: wait until the secret shows among deleted secrets. */
    private void awaitDeletion(SyncPoller<DeletedSecret, Void> poller, String secretName) {
        for (int i = 0; i < MAX_POLLS; i++) {
            if (poller.poll().getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) return;
            pause(secretName);
        }
        throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.TIMEOUT)
                .message("Deleting secret '" + secretName + "' in Azure Key Vault " + settings.vaultHost() + " did not complete within "
                        + MAX_POLLS + " polls; it will be soft-deleted shortly, purge it then")
                .path(secretName).build();
    }

    private void purge(String secretName, boolean existed) {
        for (int attempt = 1; ; attempt++) {
            try {
                session.call(c -> {
                    c.purgeDeletedSecret(secretName);
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (isStatus(e, 404)) return;   // not soft-deleted (never existed, or already purged)
                if (isStatus(e, 409) && existed && attempt < MAX_POLLS) {   // still being deleted
                    pause(secretName);
                    continue;
                }
                throw errors.map(e, Operation.PURGE, "deleted secret '" + secretName + "'", secretName);
            }
        }
    }

    private void pause(String secretName) {
        try {
            sleeper.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("Interrupted while deleting secret '" + secretName + "'").path(secretName).build();
        }
    }

    private static boolean isStatus(Throwable e, int status) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpResponseException h && h.getResponse() != null) return h.getResponse().getStatusCode() == status;
        }
        return false;
    }

    @Override
    public String toString() {
        return "AzureSecretWriter[manager=" + settings.manager + ", writePrefix=" + settings.writePrefix
                + (settings.purgeOnDelete ? ", purgeOnDelete" : "") + "]";
    }
}
