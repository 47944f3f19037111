package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-account writes through the fake op CLI (src/test/resources/fake-op/op.py, modelled on
 * https://developer.1password.com/docs/cli/item-create, /docs/cli/item-template-json and
 * /docs/cli/reference/management-commands/item): values travel only in a 0600 template file, never in op's argv.
 */
final class ServiceAccountWriterTest {
    private static final String SECRET_VALUE = "s3cr3t-Value-that-must-not-leak";
    private static final String OTHER_VALUE = "another-Value-never-on-argv";

    @TempDir
    Path dir;
    private FakeOp op;
    private SecretProvider provider;

    @AfterEach
    void close() {
        if (provider != null) provider.close();
    }

    private SecretWriter writer(Map<String, Object> extra) {
        op = new FakeOp(dir);
        op.vault("Credentials");
        op.vault("Locked");
        op.deny("Locked");
        provider = op.provider(extra);
        return provider.writer().orElseThrow();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void valuesTravelInAPrivateTemplateFileNeverOnTheCommandLine() {
        SecretWriter w = writer(Map.of("writeVault", "Credentials"));
        Map<String, String> paths = w.write("conn-1", fields("api_key", SECRET_VALUE, "refresh", OTHER_VALUE));
        w.write("conn-1", fields("api_key", OTHER_VALUE, "refresh", SECRET_VALUE));

        assertThat(paths).containsEntry("api_key", "op://Credentials/conn-1/api_key");
        List<JsonNode> writes = new ArrayList<>();
        for (JsonNode call : op.calls()) {
            assertThat(call.get("argv").toString()).doesNotContain(SECRET_VALUE).doesNotContain(OTHER_VALUE);
            if (call.has("template_mode")) writes.add(call);
        }
        assertThat(writes).hasSize(2);
        assertThat(writes).allSatisfy(c -> {
            assertThat(c.get("template_mode").asText()).isEqualTo("0o600");
            assertThat(c.get("template_dir_mode").asText()).isEqualTo("0o700");
            assertThat(Files.exists(Path.of(c.get("argv").get(c.get("argv").size() - 3).asText()))).as("template deleted").isFalse();
        });
        assertThat(writes.get(0).get("argv").get(1).asText()).isEqualTo("create");
        assertThat(writes.get(1).get("argv").get(1).asText()).isEqualTo("edit");
        assertThat(provider.fetch("op://Credentials/conn-1/api_key")).isEqualTo(OTHER_VALUE);
        assertThat(provider.fetch("op://Credentials/conn-1/refresh")).isEqualTo(SECRET_VALUE);
    }

    @Test
    void deleteRemovesTheItemById() {
        SecretWriter w = writer(Map.of("writeVault", "Credentials"));
        w.write("conn-2", fields("token", "v"));
        w.delete("conn-2");
        w.delete("conn-2");
        assertThat(op.commands()).containsSubsequence("item", "item", "item", "item");
        assertThat(op.calls().stream().filter(c -> c.get("argv").get(1).asText().equals("delete")).count()).isEqualTo(1);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("op://Credentials/conn-2/token"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void aVaultTheServiceAccountMayNotWriteIsAccessDeniedWithoutTheValue() {
        SecretWriter w = writer(Map.of("writeVault", "Locked"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-3", fields("t", SECRET_VALUE)));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("write_items").doesNotContain(SECRET_VALUE).doesNotContain(FakeOp.TOKEN);
    }

    @Test
    void anInvalidWriteVaultIsNamedWithItsRuleButNotQuoted() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> writer(Map.of("writeVault", "a/P4SS")));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writeVault must be a vault name").doesNotContain("P4SS");
    }

    @Test
    void withoutWriteVaultNothingRuns() {
        SecretWriter w = writer(Map.of());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-4", fields("t", "v")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writeVault");
        assertThat(op.calls()).isEmpty();
    }

    @Test
    void fieldNamesThatDifferOnlyInCaseAreRefused() {
        SecretWriter w = writer(Map.of("writeVault", "Credentials"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-5", fields("Token", "a", "token", "b")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(op.calls()).isEmpty();
    }
}
