package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer against {@link FakeKeyVault}: Set Secret with the fields' JSON and content type application/json under
 * {@code writePrefix}; delete = soft delete, purge with {@code purgeOnDelete=true}; Key Vault's answers mapped
 * (https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/set-secret/set-secret ,
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/delete-secret/delete-secret ,
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/purge-deleted-secret/purge-deleted-secret).
 */
final class AzureWriterTest {
    private final FakeKeyVault fake = FakeKeyVault.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void writesTheFieldsAsOneJsonSecretUnderThePrefix() {
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretWriter w = p.writer().orElseThrow();

            Map<String, String> paths = w.write("conn-123", fields("user", "app", "password", "p\"w\n"));

            assertThat(paths).containsExactly(Map.entry("user", "secretref-conn-123:user"),
                    Map.entry("password", "secretref-conn-123:password"));
            FakeKeyVault.Version stored = fake.versions("secretref-conn-123").get(0);
            assertThat(stored.contentType).isEqualTo("application/json");
            assertThat(stored.value).isEqualTo("{\"user\":\"app\",\"password\":\"p\\\"w\\n\"}");
            assertThat(p.fetch(paths.get("password"))).isEqualTo("p\"w\n");
        }
    }

    @Test
    void customPrefixIsUsed() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("writePrefix", "tenant-a-");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            assertThat(p.writer().orElseThrow().write("c1", fields("k", "v"))).containsEntry("k", "tenant-a-c1:k");
            assertThat(fake.exists("tenant-a-c1")).isTrue();
        }
    }

    @Test
    void deleteSoftDeletesByDefault() {
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretWriter w = p.writer().orElseThrow();
            w.write("c1", fields("k", "v"));

            w.delete("c1");

            assertThat(fake.exists("secretref-c1")).isFalse();
            assertThat(fake.isSoftDeleted("secretref-c1")).isTrue();
            assertThat(fake.count("DELETE /deletedsecrets/")).isZero();
        }
    }

    @Test
    void deleteWithPurgeOnDeletePurgesSoTheNameCanBeReused() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("purgeOnDelete", "true");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            SecretWriter w = p.writer().orElseThrow();
            w.write("c1", fields("k", "v"));

            w.delete("c1");

            assertThat(fake.isSoftDeleted("secretref-c1")).isFalse();
            assertThat(fake.count("DELETE /deletedsecrets/secretref-c1")).isEqualTo(1);
            assertThat(w.write("c1", fields("k", "v2"))).containsEntry("k", "secretref-c1:k");
        }
    }

    @Test
    void purgeOnDeleteAlsoPurgesANameThatIsAlreadySoftDeleted() {
        fake.put("secretref-c1", "{}");
        fake.softDelete("secretref-c1");
        Map<String, Object> config = Fixtures.config(fake);
        config.put("purgeOnDelete", "true");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            p.writer().orElseThrow().delete("c1");
        }
        assertThat(fake.isSoftDeleted("secretref-c1")).isFalse();
    }

    @Test
    void writingASoftDeletedNameIsAConflictSayingRecoverOrPurge() {
        fake.put("secretref-c1", "{}");
        fake.softDelete("secretref-c1");
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> p.writer().orElseThrow().write("c1", fields("k", "value-not-in-message")));

            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
            assertThat(e.getMessage()).contains("recover").contains("purge").doesNotContain("value-not-in-message");
        }
    }

    @Test
    void writeWithoutPermissionNamesTheSecretsOfficerRole() {
        fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.");
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> p.writer().orElseThrow().write("c1", fields("k", "v")));

            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
            assertThat(e.getMessage()).contains("Key Vault Secrets Officer");
        }
    }

    @Test
    void valuesOverKeyVaultsLimitAreRefusedBeforeAnyCall() {
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> p.writer().orElseThrow().write("c1", fields("blob", "x".repeat(26 * 1024))));

            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.getMessage()).contains(String.valueOf(AzureSecretWriter.MAX_VALUE_BYTES));
        }
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void aValueFillingKeyVaultsLimitIsWrittenAndOneByteMoreIsRefusedWithValidationBeforeAnyRequest() {
        String overhead = "{\"blob\":\"\"}";   // the fields are stored as one JSON object: 11 bytes around the value
        String fits = "é".repeat(1000) + "x".repeat(FakeKeyVault.MAX_VALUE_BYTES - overhead.length() - 2000);
        assertThat(("{\"blob\":\"" + fits + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSize(25_600);
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretWriter w = p.writer().orElseThrow();

            Map<String, String> paths = w.write("c1", fields("blob", fits));
            assertThat(p.fetch(paths.get("blob"))).isEqualTo(fits);

            long before = fake.requests().size();
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> w.write("c2", fields("blob", fits + "x")));
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.getMessage()).contains("25601 bytes").contains("25600").doesNotContain("xxxx");
            assertThat(fake.requests()).hasSize((int) before);   // refused before any request
            assertThat(fake.exists("secretref-c2")).isFalse();
        }
    }

    @Test
    void fieldNamesThatWouldReadAsAVersionAreRefused() {
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> p.writer().orElseThrow().write("c1", fields("k?version=abc123", "v")));

            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        }
    }
}
