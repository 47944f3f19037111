package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static dev.secretref.provider.vault.FakeVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault writer's calls: KV v2 {@code POST data} with {@code options.cas} from the version this process last wrote
 * or read, the 400 check-and-set answers (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2, "Create/Update
 * Secret" and "cas_required"), {@code DELETE metadata}, KV v1 {@code PUT}/{@code DELETE}
 * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1), the "versioned K/V" 404 when the mount's version is
 * unknown, and a pre-1.17 bare "permission denied" for a dead token (https://developer.hashicorp.com/vault/docs/concepts/tokens,
 * "invalid token" was only added in hashicorp/vault#26687): one re-login when {@code lookup-self} also rejects it.
 */
final class VaultWriterTest {
    private static final String ROLE_ID = "role-w-11";
    private static final String SECRET_ID = "secret-id-w-22-do-not-leak";
    private static final String TOKEN = "hvs.w-token-1";
    private FakeVault vault;
    private SecretProvider provider;

    @BeforeEach
    void start() { vault = new FakeVault(); }

    @AfterEach
    void close() {
        if (provider != null) provider.close();
        vault.close();
    }

    private SecretWriter appRoleWriter(Map<String, String> extra) {
        Map<String, String> c = new java.util.HashMap<>(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID));
        c.putAll(extra);
        provider = vault.provider(c);
        return provider.writer().orElseThrow();
    }

    private static JsonNode body(JsonNode requestBody) { return requestBody; }

    private List<JsonNode> posts(String url) {
        return vault.bodies("POST", url);
    }

    @Test
    void kv2WritesSendTheLastWrittenVersionAsCas() {
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());

        Map<String, String> paths = w.write("conn-1", Map.of("token", "one"));
        w.write("conn-1", Map.of("token", "two"));

        assertThat(paths).containsEntry("token", "secret/data/secretref/conn-1/token");
        List<JsonNode> posts = posts("/v1/secret/data/secretref/conn-1");
        assertThat(posts).hasSize(2);
        assertThat(body(posts.get(0)).has("options")).as("first write: version unknown, no cas").isFalse();
        assertThat(body(posts.get(0)).path("data").path("token").asText()).isEqualTo("one");
        assertThat(body(posts.get(1)).path("options").path("cas").asLong()).isEqualTo(1);
        assertThat(provider.fetch("secret/data/secretref/conn-1/token")).isEqualTo("two");
    }

    @Test
    void aVersionThisProcessReadIsSentAsCas() {
        FakeVault.Mount m = vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-2", Map.of("token", "mine"));
        externalWrite(m, "secretref/conn-2", "theirs");   // version 2, by someone else

        assertThat(provider.fetch("secret/data/secretref/conn-2/token")).isEqualTo("theirs");
        w.write("conn-2", Map.of("token", "mine-again"));

        List<JsonNode> posts = posts("/v1/secret/data/secretref/conn-2");
        assertThat(body(posts.get(1)).path("options").path("cas").asLong()).isEqualTo(2);
        assertThat(provider.fetch("secret/data/secretref/conn-2/token")).isEqualTo("mine-again");
    }

    @Test
    void aConcurrentWriterIsAConflictNotAnOverwrite() {
        FakeVault.Mount m = vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-3", Map.of("token", "mine"));
        externalWrite(m, "secretref/conn-3", "theirs");

        SecretManagerException e = failure(() -> w.write("conn-3", Map.of("token", "canary-conflict-value")));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.getMessage()).contains("secret/data/secretref/conn-3", "Read it again").doesNotContain("canary-conflict-value");
        assertThat(provider.fetch("secret/data/secretref/conn-3/token")).isEqualTo("theirs");
    }

    @Test
    void casRequiredIsHonouredByReadingTheCurrentVersionOnce() {
        FakeVault.Mount m = vault.kvMount("secret", 2, TOKEN);
        m.casRequired = true;
        externalWrite(m, "secretref/conn-4", "old");
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());

        w.write("conn-4", Map.of("token", "new"));
        w.write("conn-4", Map.of("token", "newer"));

        List<JsonNode> posts = posts("/v1/secret/data/secretref/conn-4");
        assertThat(posts).hasSize(3);
        assertThat(body(posts.get(0)).has("options")).isFalse();
        assertThat(body(posts.get(1)).path("options").path("cas").asLong()).isEqualTo(1);
        assertThat(body(posts.get(2)).path("options").path("cas").asLong()).isEqualTo(2);
        assertThat(provider.fetch("secret/data/secretref/conn-4/token")).isEqualTo("newer");
    }

    @Test
    void kv2DeleteRemovesTheMetadataAndKv1DeleteThePath() {
        vault.kvMount("secret", 2, TOKEN);
        vault.kvMount("kv", 1, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter v2 = appRoleWriter(Map.of());
        v2.write("conn-5", Map.of("a", "1"));
        v2.delete("conn-5");
        assertThat(vault.http.count("DELETE", "/v1/secret/metadata/secretref/conn-5")).isEqualTo(1);
        provider.close();

        SecretWriter v1 = appRoleWriter(Map.of("writePrefix", "kv/team/"));
        Map<String, String> paths = v1.write("conn-5", Map.of("a", "1"));
        assertThat(paths).containsEntry("a", "kv/team/conn-5/a");
        assertThat(vault.http.count("PUT", "/v1/kv/team/conn-5")).isEqualTo(1);
        v1.delete("conn-5");
        assertThat(vault.http.count("DELETE", "/v1/kv/team/conn-5")).isEqualTo(1);
        assertThat(failure(() -> provider.fetch("kv/team/conn-5/a")).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void withTheMountVersionUnknownAVersionedKvAnswerSwitchesToKv2() {
        vault.kvMount("secret", 2, TOKEN);
        vault.mountDetectionForbidden();
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());

        Map<String, String> paths = w.write("conn-6", Map.of("k", "v"));

        assertThat(paths).containsEntry("k", "secret/data/secretref/conn-6/k");
        assertThat(posts("/v1/secret/data/secretref/conn-6")).hasSize(1);
        assertThat(provider.fetch(paths.get("k"))).isEqualTo("v");
    }

    @Test
    void aPolicyDenialIsAWriteFailureNamingThePolicyLine() {
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        vault.lookupSelf(TOKEN);
        vault.http.route("*", "/v1/secret/data/secretref/.*", r -> json(403, FakeVault.PERMISSION_DENIED));
        SecretWriter w = appRoleWriter(Map.of());

        SecretManagerException e = failure(() -> w.write("conn-7", Map.of("k", "canary-denied-value")));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/data/secretref/conn-7\" { capabilities = [\"create\", \"update\"] }")
                .doesNotContain("canary-denied-value");
        assertThat(vault.http.count("POST", "/v1/auth/approle/login")).isEqualTo(1);   // a live token: no re-login
    }

    @Test
    void aBarePermissionDeniedForADeadTokenLeadsToOneReloginAndARetry() {
        FakeVault.Mount m = vault.kvMount("secret", 2, "hvs.old");
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.old", "hvs.new");
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-8", Map.of("k", "first"));

        // Vault before 1.17 revokes the token: the KV engine and lookup-self answer a bare "permission denied"
        vault.revokeToken("hvs.old");        // lookup-self answers it 403 permission denied too
        vault.acceptToken("hvs.new");
        vault.lookupSelf("hvs.new");

        w.write("conn-8", Map.of("k", "second"));
        assertThat(provider.fetch("secret/data/secretref/conn-8/k")).isEqualTo("second");

        assertThat(vault.http.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(vault.count("*", "/v1/auth/token/lookup-self", "hvs.old")).isEqualTo(1);
        assertThat(m.current("secretref/conn-8")).isEqualTo(2);
    }

    @Test
    void aBarePermissionDeniedOnAReadAlsoRenewsADeadToken() {
        vault.kvMount("secret", 2, "hvs.k-old");
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.k-old", "hvs.k-new");
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-9", Map.of("k", "v"));
        vault.revokeToken("hvs.k-old");      // lookup-self answers it 403 permission denied too
        vault.acceptToken("hvs.k-new");

        assertThat(provider.fetch("secret/data/secretref/conn-9/k")).isEqualTo("v");
        assertThat(vault.http.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void withKubernetesAuthABarePermissionDeniedForADeadTokenAlsoLeadsToOneRelogin(@TempDir Path tmp) throws Exception {
        String sa = "eyJhbGciOiJSUzI1NiJ9.k8s-sa.sig-do-not-leak";
        Path jwt = Files.writeString(tmp.resolve("token"), sa + "\n");
        vault.kvMount("secret", 2, "hvs.k8s-old");
        vault.kubernetesLogins("app", sa, 3600, true, "hvs.k8s-old", "hvs.k8s-new");
        provider = vault.provider(Map.of("kubernetesRole", "app", "jwtPath", jwt.toString()));
        SecretWriter w = provider.writer().orElseThrow();
        w.write("conn-11", Map.of("k", "one"));
        vault.revokeToken("hvs.k8s-old");    // lookup-self answers it 403 permission denied too
        vault.acceptToken("hvs.k8s-new");

        w.write("conn-11", Map.of("k", "two"));

        assertThat(provider.fetch("secret/data/secretref/conn-11/k")).isEqualTo("two");
        assertThat(vault.http.count("POST", "/v1/auth/kubernetes/login")).isEqualTo(2);
    }

    @Test
    void pathsArePredictedWithoutARemoteCallOnceTheMountIsKnown() {
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());
        assertThat(w.paths("conn-12", java.util.Set.of("a"))).as("mount version not yet known").isEmpty();
        w.write("conn-12", Map.of("a", "1"));
        int before = vault.http.count();

        assertThat(w.paths("conn-13", java.util.Set.of("a"))).contains(Map.of("a", "secret/data/secretref/conn-13/a"));
        assertThat(vault.http.count()).isEqualTo(before);
        assertThat(w.write("conn-13", Map.of("a", "2"))).isEqualTo(Map.of("a", "secret/data/secretref/conn-13/a"));
    }

    @Test
    void aStaticTokenGetsNoLookupOnAPolicyDenial() {
        vault.kvMount("secret", 2, "hvs.static");
        vault.http.route("*", "/v1/secret/data/secretref/.*", r -> json(403, FakeVault.PERMISSION_DENIED));
        provider = vault.provider(Map.of("token", "hvs.static"));
        SecretManagerException e = failure(() -> provider.writer().orElseThrow().write("conn-10", Map.of("k", "v")));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(vault.http.count("*", "/v1/auth/token/lookup-self")).isZero();
    }

    private static void externalWrite(FakeVault.Mount m, String name, String value) {
        m.put(name, FakeVault.kvData(Map.of("token", value)), Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void anInvalidWritePrefixIsNamedWithItsRuleButNotQuoted() {
        SecretManagerException e = failure(() -> appRoleWriter(Map.of("writePrefix", "secret/../P4SS")));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writePrefix must be a KV mount").doesNotContain("P4SS");
    }
}
