package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static dev.secretref.provider.vault.FakeVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads from KV v1 and v2 mounts, mount detection, versions, deletions and error mapping. Shapes: see {@link FakeVault}. */
final class VaultKvReadTest {
    private static final String TOKEN = "hvs.static-token-Xy12";
    private static final String VALUE = "s3cr3t-value-Q9";
    private FakeVault vault;
    private SecretProvider provider;

    @BeforeEach
    void start() {
        vault = new FakeVault();
        provider = vault.provider(Map.of("token", TOKEN));
    }

    @AfterEach
    void close() {
        provider.close();
        vault.close();
    }

    @Test
    void readsAKeyOfAKvV2SecretThroughTheDataForm() {
        vault.mount("secret", 2);
        vault.v2("secret", "prod/db", Map.of("password", VALUE, "user", "app"));

        assertThat(provider.fetch("secret/data/prod/db/password")).isEqualTo(VALUE);
        assertThat(vault.count("GET", "/v1/secret/data/prod/db", TOKEN)).isEqualTo(1);
    }

    @Test
    void shortFormWorksOnAKvV2MountOnceDetected() {
        vault.mount("secret", 2);
        vault.v2("secret", "prod/db", Map.of("password", VALUE));

        assertThat(provider.fetch("secret/prod/db/password")).isEqualTo(VALUE);
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/secret/prod/db")).isEqualTo(1);
    }

    @Test
    void readsAKvV1Secret() {
        vault.mount("kv", 1);
        vault.v1("kv", "prod/db", Map.of("password", VALUE));

        assertThat(provider.fetch("kv/prod/db/password")).isEqualTo(VALUE);
    }

    @Test
    void mountVersionIsDetectedOnceAndReused() {
        vault.mount("secret", 2);
        vault.v2("secret", "a", Map.of("k", "1"));
        vault.v2("secret", "b", Map.of("k", "2"));
        for (int i = 0; i < 5; i++) {
            provider.fetch("secret/data/a/k");
            provider.fetch("secret/b/k");
        }
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.*")).isEqualTo(1);
    }

    @Test
    void readsAGivenKvV2Version() {
        vault.mount("secret", 2);
        vault.v2Version("secret", "app", 1, Map.of("k", "first"));
        vault.v2("secret", "app", Map.of("k", "latest"));

        assertThat(provider.fetch("secret/data/app/k?version=1")).isEqualTo("first");
        assertThat(provider.fetch("secret/data/app/k")).isEqualTo("latest");
    }

    @Test
    void softDeletedVersionIsNotFoundSayingItWasDeleted() {
        vault.mount("secret", 2);
        vault.v2("secret", "app", Map.of("k", "first"));
        vault.v2Deleted("secret", "app", 2, false);
        vault.v2("secret", "app", Map.of("k", "third"));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/app/k?version=2"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("Version 2").contains("was deleted").contains("2026-11-20T09:30:00");
        assertThat(e.path()).isEqualTo("secret/data/app/k?version=2");
    }

    @Test
    void destroyedLatestVersionIsNotFoundSayingItWasDestroyed() {
        vault.mount("secret", 2);
        vault.v2Deleted("secret", "app", 4, true);

        SecretManagerException e = failure(() -> provider.fetch("secret/data/app/k"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("destroyed");
    }

    @Test
    void valuesComeBackAsTextAndNonStringsAsJson() {
        vault.mount("secret", 2);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("empty", "");
        values.put("zero", "0");
        values.put("falseText", "false");
        values.put("number", new java.math.BigDecimal("1.10"));
        values.put("integer", 42);
        values.put("bool", false);
        values.put("object", Map.of("a", 1));
        values.put("array", List.of("x", 2));
        values.put("nul", null);
        vault.v2("secret", "types", values);

        assertThat(provider.fetch("secret/data/types/empty")).isEqualTo("");
        assertThat(provider.fetch("secret/data/types/zero")).isEqualTo("0");
        assertThat(provider.fetch("secret/data/types/falseText")).isEqualTo("false");
        assertThat(provider.fetch("secret/data/types/number")).isEqualTo("1.10");
        assertThat(provider.fetch("secret/data/types/integer")).isEqualTo("42");
        assertThat(provider.fetch("secret/data/types/bool")).isEqualTo("false");
        assertThat(provider.fetch("secret/data/types/object")).isEqualTo("{\"a\":1}");
        assertThat(provider.fetch("secret/data/types/array")).isEqualTo("[\"x\",2]");
        assertThat(provider.fetch("secret/data/types/nul")).isEqualTo("null");
    }

    @Test
    void missingKeyIsNotFoundNamingTheKeyButNoValue() {
        vault.mount("secret", 2);
        vault.v2("secret", "app", Map.of("password", VALUE));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/app/username"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("username").contains("password").doesNotContain(VALUE);
    }

    @Test
    void missingSecretIsNotFound() {
        vault.mount("secret", 2);
        SecretManagerException e = failure(() -> provider.fetch("secret/data/nothing/here"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
    }

    @Test
    void permissionDeniedIsAccessDeniedWithAPolicyHint() {
        vault.mount("secret", 2);
        vault.http.route("GET", "/v1/secret/data/locked", r -> json(403, FakeVault.PERMISSION_DENIED));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/locked/k"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.path()).isEqualTo("secret/data/locked/k");
        assertThat(e.getMessage()).contains("path \"secret/data/locked\" { capabilities = [\"read\"] }").doesNotContain(TOKEN);
    }

    @Test
    void forbiddenDetectionFallsBackToTheDataFormAsV2() {
        vault.mountDetectionForbidden();
        vault.v2("secret", "app", Map.of("k", VALUE));

        assertThat(provider.fetch("secret/data/app/k")).isEqualTo(VALUE);
        assertThat(provider.fetch("secret/data/app/k")).isEqualTo(VALUE);
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.*")).isEqualTo(1);
    }

    @Test
    void forbiddenDetectionReadsOtherPathsAsV1() {
        vault.mountDetectionForbidden();
        vault.v1("kv", "app", Map.of("k", VALUE));

        assertThat(provider.fetch("kv/app/k")).isEqualTo(VALUE);
    }

    @Test
    void forbiddenDetectionStillFindsAShortPathOnAV2Mount() {
        vault.mountDetectionForbidden();
        vault.http.route("GET", "/v1/secret/app", r -> json(403, FakeVault.PERMISSION_DENIED));
        vault.v2("secret", "app", Map.of("k", VALUE));

        assertThat(provider.fetch("secret/app/k")).isEqualTo(VALUE);
    }

    @Test
    void namespaceIsSentOnEveryRequest() {
        SecretProvider p = vault.provider(Map.of("roleId", "role-1", "secretId", "sid-Zz9", "namespace", "team-a/"));
        try {
            vault.appRoleLogin("approle", "role-1", "sid-Zz9", "hvs.ns-token", 3600, true);
            vault.mount("secret", 2);
            vault.v2("secret", "app", Map.of("k", VALUE));

            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
            assertThat(vault.http.requests()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.header("X-Vault-Namespace")).isEqualTo("team-a"));
        } finally {
            p.close();
        }
    }

    @Test
    void namespacedMountPathIsUnderstood() {
        vault.http.route("GET", "/v1/sys/internal/ui/mounts/secret/.*", r -> json(200,
                "{\"data\":{\"path\":\"team-a/secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}"));
        vault.v2("secret", "app", Map.of("k", VALUE));

        assertThat(provider.fetch("secret/app/k")).isEqualTo(VALUE);
    }

    @Test
    void sealedVaultIsUnreachableSayingSo() {
        vault.http.route("GET", "/v1/.*", r -> json(503, FakeVault.SEALED));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/app/k"));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.code()).as("5xx after retries: not reachable (DESIGN §4)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("Vault is sealed");
        assertThat(vault.http.count("GET", "/v1/.*")).isEqualTo(3);
    }

    @Test
    void throttlingIsRetriedThenThrottled() {
        vault.mount("secret", 2);
        vault.http.route("GET", "/v1/secret/data/busy",
                r -> json(429, "{\"errors\":[\"request path \\\"secret/data/busy\\\": rate limit quota exceeded\"]}"));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/busy/k"));
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(vault.http.count("GET", "/v1/secret/data/busy")).isEqualTo(3);
    }

    @Test
    void serverErrorIsUnreachable() {
        vault.mount("secret", 2);
        vault.http.route("GET", "/v1/secret/data/broken", r -> json(500, "{\"errors\":[\"internal error\"]}"));

        SecretManagerException e = failure(() -> provider.fetch("secret/data/broken/k"));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("HTTP 500").contains("internal error");
    }

    @Test
    void hungServerTimesOut() {
        SecretProvider slow = vault.provider(Map.of("token", TOKEN, "readTimeout", "300ms"));
        try {
            vault.http.route("GET", "/v1/.*", r -> json(200, "{}")).gate(new CountDownLatch(1));    // held until the server closes
            SecretManagerException e = failure(() -> slow.fetch("secret/data/app/k"));
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(vault.http.count("GET", "/v1/.*")).isEqualTo(1);
        } finally {
            slow.close();
        }
    }

    @Test
    void versionOnAKvV1MountIsAValidationError() {
        vault.mount("kv", 1);
        SecretManagerException e = failure(() -> provider.fetch("kv/app/k?version=2"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("KV v1");
    }
}
