package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.secretref.provider.vault.WireMockVault.failure;
import static dev.secretref.provider.vault.WireMockVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
    private static WireMockVault vault;
    private SecretProvider provider;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @BeforeEach
    void reset() { vault.reset(); }

    @AfterEach
    void close() {
        if (provider != null) provider.close();
    }

    private SecretWriter appRoleWriter(Map<String, String> extra) {
        Map<String, String> c = new java.util.HashMap<>(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID));
        c.putAll(extra);
        provider = vault.provider(c);
        return provider.writer().orElseThrow();
    }

    private static JsonNode body(LoggedRequest r) { return Json.parse(r.getBody()); }

    private List<LoggedRequest> posts(String url) {
        return vault.server.findAll(postRequestedFor(urlEqualTo(url)));
    }

    @Test
    void kv2WritesSendTheLastWrittenVersionAsCas() {
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());

        Map<String, String> paths = w.write("conn-1", Map.of("token", "one"));
        w.write("conn-1", Map.of("token", "two"));

        assertThat(paths).containsEntry("token", "secret/data/secretref/conn-1/token");
        List<LoggedRequest> posts = posts("/v1/secret/data/secretref/conn-1");
        assertThat(posts).hasSize(2);
        assertThat(body(posts.get(0)).has("options")).as("first write: version unknown, no cas").isFalse();
        assertThat(body(posts.get(0)).path("data").path("token").asText()).isEqualTo("one");
        assertThat(body(posts.get(1)).path("options").path("cas").asLong()).isEqualTo(1);
        assertThat(provider.fetch("secret/data/secretref/conn-1/token")).isEqualTo("two");
    }

    @Test
    void aVersionThisProcessReadIsSentAsCas() {
        FakeKvEngine.Mount m = vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-2", Map.of("token", "mine"));
        externalWrite(m, "secretref/conn-2", "theirs");   // version 2, by someone else

        assertThat(provider.fetch("secret/data/secretref/conn-2/token")).isEqualTo("theirs");
        w.write("conn-2", Map.of("token", "mine-again"));

        List<LoggedRequest> posts = posts("/v1/secret/data/secretref/conn-2");
        assertThat(body(posts.get(1)).path("options").path("cas").asLong()).isEqualTo(2);
        assertThat(provider.fetch("secret/data/secretref/conn-2/token")).isEqualTo("mine-again");
    }

    @Test
    void aConcurrentWriterIsAConflictNotAnOverwrite() {
        FakeKvEngine.Mount m = vault.kvMount("secret", 2, TOKEN);
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
        FakeKvEngine.Mount m = vault.kvMount("secret", 2, TOKEN);
        m.casRequired = true;
        externalWrite(m, "secretref/conn-4", "old");
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());

        w.write("conn-4", Map.of("token", "new"));
        w.write("conn-4", Map.of("token", "newer"));

        List<LoggedRequest> posts = posts("/v1/secret/data/secretref/conn-4");
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
        vault.server.verify(1, deleteRequestedFor(urlEqualTo("/v1/secret/metadata/secretref/conn-5")));
        provider.close();

        SecretWriter v1 = appRoleWriter(Map.of("writePrefix", "kv/team/"));
        Map<String, String> paths = v1.write("conn-5", Map.of("a", "1"));
        assertThat(paths).containsEntry("a", "kv/team/conn-5/a");
        vault.server.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlEqualTo("/v1/kv/team/conn-5")));
        v1.delete("conn-5");
        vault.server.verify(1, deleteRequestedFor(urlEqualTo("/v1/kv/team/conn-5")));
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
        vault.server.stubFor(any(urlPathMatching("/v1/secret/data/secretref/.*")).atPriority(1)
                .willReturn(json(403, WireMockVault.PERMISSION_DENIED)));
        SecretWriter w = appRoleWriter(Map.of());

        SecretManagerException e = failure(() -> w.write("conn-7", Map.of("k", "canary-denied-value")));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/data/secretref/conn-7\" { capabilities = [\"create\", \"update\"] }")
                .doesNotContain("canary-denied-value");
        vault.server.verify(1, postRequestedFor(urlEqualTo("/v1/auth/approle/login")));   // a live token: no re-login
    }

    @Test
    void aBarePermissionDeniedForADeadTokenLeadsToOneReloginAndARetry() {
        FakeKvEngine.Mount m = vault.kvMount("secret", 2, "hvs.old");
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.old", "hvs.new");
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-8", Map.of("k", "first"));

        // Vault before 1.17 revokes the token: the KV engine and lookup-self answer a bare "permission denied"
        vault.kv.revokeToken("hvs.old");
        vault.kv.acceptToken("hvs.new");
        vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).withHeader("X-Vault-Token", equalTo("hvs.old"))
                .willReturn(json(403, WireMockVault.PERMISSION_DENIED)));
        vault.lookupSelf("hvs.new");

        w.write("conn-8", Map.of("k", "second"));
        assertThat(provider.fetch("secret/data/secretref/conn-8/k")).isEqualTo("second");

        vault.server.verify(2, postRequestedFor(urlEqualTo("/v1/auth/approle/login")));
        vault.server.verify(1, anyRequestedFor(urlEqualTo("/v1/auth/token/lookup-self")).withHeader("X-Vault-Token", equalTo("hvs.old")));
        assertThat(m.secrets.get("secretref/conn-8").current()).isEqualTo(2);
    }

    @Test
    void aBarePermissionDeniedOnAReadAlsoRenewsADeadToken() {
        vault.kvMount("secret", 2, "hvs.k-old");
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.k-old", "hvs.k-new");
        SecretWriter w = appRoleWriter(Map.of());
        w.write("conn-9", Map.of("k", "v"));
        vault.kv.revokeToken("hvs.k-old");
        vault.kv.acceptToken("hvs.k-new");
        vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).withHeader("X-Vault-Token", equalTo("hvs.k-old"))
                .willReturn(json(403, WireMockVault.PERMISSION_DENIED)));

        assertThat(provider.fetch("secret/data/secretref/conn-9/k")).isEqualTo("v");
        vault.server.verify(2, postRequestedFor(urlEqualTo("/v1/auth/approle/login")));
    }

    @Test
    void withKubernetesAuthABarePermissionDeniedForADeadTokenAlsoLeadsToOneRelogin(@TempDir Path tmp) throws Exception {
        Path jwt = Files.writeString(tmp.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.k8s-sa.sig-do-not-leak\n");
        vault.kvMount("secret", 2, "hvs.k8s-old");
        for (int i = 0; i < 2; i++) {
            var login = post(urlEqualTo("/v1/auth/kubernetes/login")).inScenario("k8s")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "second")
                    .willReturn(json(200, WireMockVault.authBody(i == 0 ? "hvs.k8s-old" : "hvs.k8s-new", 3600, true)));
            vault.server.stubFor(i == 0 ? login.willSetStateTo("second") : login);
        }
        provider = vault.provider(Map.of("kubernetesRole", "app", "jwtPath", jwt.toString()));
        SecretWriter w = provider.writer().orElseThrow();
        w.write("conn-11", Map.of("k", "one"));
        vault.kv.revokeToken("hvs.k8s-old");
        vault.kv.acceptToken("hvs.k8s-new");
        vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).withHeader("X-Vault-Token", equalTo("hvs.k8s-old"))
                .willReturn(json(403, WireMockVault.PERMISSION_DENIED)));

        w.write("conn-11", Map.of("k", "two"));

        assertThat(provider.fetch("secret/data/secretref/conn-11/k")).isEqualTo("two");
        vault.server.verify(2, postRequestedFor(urlEqualTo("/v1/auth/kubernetes/login")));
    }

    @Test
    void pathsArePredictedWithoutARemoteCallOnceTheMountIsKnown() {
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        SecretWriter w = appRoleWriter(Map.of());
        assertThat(w.paths("conn-12", java.util.Set.of("a"))).as("mount version not yet known").isEmpty();
        w.write("conn-12", Map.of("a", "1"));
        int before = vault.server.getAllServeEvents().size();

        assertThat(w.paths("conn-13", java.util.Set.of("a"))).contains(Map.of("a", "secret/data/secretref/conn-13/a"));
        assertThat(vault.server.getAllServeEvents()).hasSize(before);
        assertThat(w.write("conn-13", Map.of("a", "2"))).isEqualTo(Map.of("a", "secret/data/secretref/conn-13/a"));
    }

    @Test
    void aStaticTokenGetsNoLookupOnAPolicyDenial() {
        vault.kvMount("secret", 2, "hvs.static");
        vault.server.stubFor(any(urlPathMatching("/v1/secret/data/secretref/.*")).atPriority(1)
                .willReturn(json(403, WireMockVault.PERMISSION_DENIED)));
        provider = vault.provider(Map.of("token", "hvs.static"));
        SecretManagerException e = failure(() -> provider.writer().orElseThrow().write("conn-10", Map.of("k", "v")));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        vault.server.verify(0, anyRequestedFor(urlEqualTo("/v1/auth/token/lookup-self")));
    }

    private static void externalWrite(FakeKvEngine.Mount m, String name, String value) {
        synchronized (m) {
            FakeKvEngine.Secret s = m.secrets.computeIfAbsent(name, n -> new FakeKvEngine.Secret());
            s.versions.put(s.current() + 1, WireMockVault.kvData(Map.of("token", value)));
        }
    }

    @Test
    void anInvalidWritePrefixIsNamedWithItsRuleButNotQuoted() {
        SecretManagerException e = failure(() -> appRoleWriter(Map.of("writePrefix", "secret/../P4SS")));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writePrefix must be a KV mount").doesNotContain("P4SS");
    }
}
