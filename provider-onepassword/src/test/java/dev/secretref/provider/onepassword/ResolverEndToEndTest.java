package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the public API: the provider is found by id and a resolved config costs one op inject. */
final class ResolverEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aConfigWithSeveralReferencesResolvesThroughTheFakeOp() {
        FakeOp op = new FakeOp(dir);
        op.field("Prod", "db", null, "password", "s3cr3t-db");
        op.field("Prod", "db", null, "username", "app");
        op.write();
        try (SecretResolver resolver = SecretResolver.builder()
                .manager("vault-1p", "onepassword", Map.of("serviceAccountToken", FakeOp.TOKEN, "opPath", op.opPath().toString()))
                .build()) {
            assertThat(resolver.resolveString("{{vault-1p|ap_sep_v1|op://Prod/db/password}}")).isEqualTo("s3cr3t-db");
            Map<String, Object> cfg = resolver.resolve(Map.<String, Object>of(
                    "url", "postgres://{{vault-1p|ap_sep_v1|op://Prod/db/username}}:{{vault-1p|ap_sep_v1|op://Prod/db/password}}@db/app"));
            assertThat(cfg.get("url")).isEqualTo("postgres://app:s3cr3t-db@db/app");
        }
        assertThat(op.commands()).doesNotContain("whoami").hasSizeLessThanOrEqualTo(2);
    }
}
