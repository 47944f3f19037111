package dev.secretref.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config combinations are checked in create(), all problems at once, with no network I/O and no credential echoed. */
final class VaultConfigTest {
    private static final String URL = "http://127.0.0.1:1";   // nothing listens: create() must not connect
    private final VaultProviderFactory factory = new VaultProviderFactory();

    private SecretProvider create(Map<String, ?> raw) {
        return factory.create(ProviderConfig.of("vault-prod", factory.descriptor(), raw));
    }

    private SecretManagerException invalid(Map<String, ?> raw) {
        return FakeVault.failure(() -> create(raw));
    }

    @Test
    void eachAuthMethodAloneIsAccepted() {
        assertThatCode(() -> create(Map.of("url", URL, "token", "hvs.x")).close()).doesNotThrowAnyException();
        assertThatCode(() -> create(Map.of("url", URL, "roleId", "r", "secretId", "s")).close()).doesNotThrowAnyException();
        assertThatCode(() -> create(Map.of("url", URL, "kubernetesRole", "app")).close()).doesNotThrowAnyException();
        assertThatCode(() -> create(Map.of("url", URL, "kubernetesRole", "app", "jwtPath", "/tmp/jwt", "authMount", "k8s-east")).close())
                .doesNotThrowAnyException();
    }

    @Test
    void noAuthMethodIsOneInvalidConfig() {
        SecretManagerException e = invalid(Map.of("url", URL));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("no auth method");
    }

    @Test
    void twoAuthMethodsAndAHalfAppRoleAreReportedTogether() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("url", URL);
        raw.put("token", "hvs.secret-token-value");
        raw.put("secretId", "secret-id-value");
        raw.put("jwtPath", "/tmp/jwt");
        raw.put("maxConcurrency", 500);
        SecretManagerException e = invalid(raw);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage())
                .contains("roleId is missing")
                .contains("jwtPath is for Kubernetes auth and needs kubernetesRole")
                .contains("exactly one auth method")
                .contains("maxConcurrency")
                .doesNotContain("hvs.secret-token-value").doesNotContain("secret-id-value");
    }

    @Test
    void authMountWithAStaticTokenIsRejected() {
        assertThat(invalid(Map.of("url", URL, "token", "t", "authMount", "approle")).getMessage()).contains("authMount");
    }

    @Test
    void missingUrlAndUnknownKeysAreRejectedByTheDescriptor() {
        SecretManagerException e = invalid(Map.of("token", "t", "vaultUrl", "x"));
        assertThat(e.getMessage()).contains("missing required key url").contains("unknown key vaultUrl");
    }

    @Test
    void descriptorMarksCredentialsSensitiveAndDescribesPaths() {
        assertThat(factory.id()).isEqualTo("hashicorp");
        assertThat(factory.descriptor().fields()).filteredOn(Field::isSensitive).extracting(Field::key)
                .containsExactlyInAnyOrder("token", "roleId", "secretId");
        assertThat(factory.descriptor().pathFormat()).contains("mount/data/path/key");
    }

    @Test
    void toStringOfTheProviderRedactsCredentials() {
        try (SecretProvider p = create(Map.of("url", URL, "roleId", "role-id-Aa1", "secretId", "secret-id-Bb2", "namespace", "team"))) {
            assertThat(p.toString()).contains("127.0.0.1").contains("team").contains("██")
                    .doesNotContain("role-id-Aa1").doesNotContain("secret-id-Bb2");
        }
        try (SecretProvider p = create(Map.of("url", URL, "token", "hvs.tok-Cc3"))) {
            assertThat(p.toString()).doesNotContain("hvs.tok-Cc3");
        }
    }
}
