package dev.secretref.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file and a generated key file, and the local provider reading it without a store. */
final class EmbeddedDefaultTest {

    @Test
    void firstStartGeneratesAnOwnerOnlyKeyFileAndLaterStartsReuseIt(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("secretref-data");
        try (SecretResolver resolver = SecretResolver.builder().build();
             CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base).build()) {
            assertThat(store.put("conn-1", "dev", CredentialStoreContract.FIELDS).manager()).isEqualTo("local");
        }
        Path keys = Path.of(base + ".keys");
        assertThat(keys).exists();
        assertThat(Path.of(base + ".mv.db")).exists();
        if (Files.getFileStore(keys).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
        }
        assertThat(Files.readString(Path.of(base + ".mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("at-123-secret");

        try (SecretResolver resolver = SecretResolver.builder().build();
             CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base).build()) {
            assertThat(store.get("conn-1")).isEqualTo(CredentialStoreContract.FIELDS);
        }
    }

    @Test
    void theLocalProviderReadsTheStoreWithoutAStore(@TempDir Path dir) {
        Path base = dir.resolve("data");
        try (SecretResolver resolver = SecretResolver.builder().build();
             CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base).build()) {
            store.put("conn-1", "dev", CredentialStoreContract.FIELDS);
        }
        try (SecretResolver reader = SecretResolver.builder()
                .manager("vault-of-record", "local", Map.of("jdbcUrl", "jdbc:h2:file:" + base.toAbsolutePath(), "jdbcUser", "sa",
                        "keysFile", base.toAbsolutePath() + ".keys"))
                .build()) {
            assertThat(reader.resolveString("{{vault-of-record|ap_sep_v1|conn-1:access_token}}")).isEqualTo("at-123-secret");
            assertThat(reader.list("vault-of-record", "conn-1:")).extracting(i -> i.path())
                    .containsExactly("conn-1:access_token", "conn-1:refresh_token");
            assertThat(SecretResolver.availableProviders()).anySatisfy(d -> assertThat(d.id()).isEqualTo("local"));
        }
    }
}
