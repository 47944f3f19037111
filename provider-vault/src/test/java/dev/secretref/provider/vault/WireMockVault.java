package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.testkit.TestCertificates;
import java.nio.file.Path;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A WireMock Vault serving the documented request and response shapes:
 * <ul>
 *   <li>KV v2 read {@code GET /v1/:mount/data/:path[?version=N]} → {@code data.data} + {@code data.metadata}
 *       ({@code created_time, custom_metadata, deletion_time, destroyed, version}); a deleted or destroyed
 *       version answers 404 with that metadata and {@code data.data: null}; list {@code LIST /v1/:mount/metadata/:path}
 *       → {@code data.keys}: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 ,
 *       https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2/cookbook/delete-data ,
 *       https://github.com/hashicorp/vault/issues/4935 (404 with the deletion info in the body),
 *       https://github.com/hashicorp/vault/issues/24499 (body of a destroyed version)</li>
 *   <li>KV v1 read {@code GET /v1/:mount/:path} → {@code data}; list → {@code data.keys}:
 *       https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1</li>
 *   <li>{@code GET /v1/sys/internal/ui/mounts/:path} → {@code data.path}, {@code data.type}, {@code data.options.version}:
 *       https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts (and Vault's CLI
 *       {@code kvPreflightVersionRequest}, which reads exactly those fields and treats 404 as KV v1)</li>
 *   <li>logins {@code POST /v1/auth/:mount/login} with {@code role_id}/{@code secret_id} or {@code role}/{@code jwt}
 *       → {@code auth.client_token}, {@code auth.lease_duration}, {@code auth.renewable}:
 *       https://developer.hashicorp.com/vault/api-docs/auth/approle ,
 *       https://developer.hashicorp.com/vault/api-docs/auth/kubernetes ; {@code POST /v1/auth/token/renew-self},
 *       {@code GET /v1/auth/token/lookup-self}: https://developer.hashicorp.com/vault/api-docs/auth/token</li>
 *   <li>errors {@code {"errors":[...]}}: 403 {@code "1 error occurred:\n\t* permission denied\n\n"} for a policy
 *       denial, 403 {@code "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"} for an expired or
 *       revoked token (https://developer.hashicorp.com/vault/docs/concepts/tokens , "Error responses", added in
 *       hashicorp/vault#26687), 404 {@code {"errors":[]}}, 503 {@code "Vault is sealed"}, 400
 *       {@code "invalid role or secret ID"}; {@code X-Vault-Token} and {@code X-Vault-Namespace} headers:
 *       https://developer.hashicorp.com/vault/api-docs</li>
 * </ul>
 */
final class WireMockVault {
    static final String PERMISSION_DENIED = "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}";
    static final String INVALID_TOKEN = "{\"errors\":[\"2 errors occurred:\\n\\t* permission denied\\n\\t* invalid token\\n\\n\"]}";
    static final String SEALED = "{\"errors\":[\"Vault is sealed\"]}";
    static final String NOT_FOUND = "{\"errors\":[]}";
    static final ProviderHttp.Retry FAST_RETRY = ProviderHttp.Retry.of(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));

    final WireMockServer server;
    /** A stateful KV engine; {@link #kvMount} routes a mount's paths to it. */
    final FakeKvEngine kv = new FakeKvEngine();

    WireMockVault() {
        this(false);
    }

    /** With {@code https}, also listens on TLS with WireMock's self-signed certificate. */
    WireMockVault(boolean https) {
        var config = wireMockConfig().dynamicPort().containerThreads(80).jettyAcceptors(2).extensions(kv);
        server = new WireMockServer(https ? config.dynamicHttpsPort() : config);
        server.start();
        reset();
    }

    /** Also listens on TLS, serving {@code certificates}' server certificate (SAN localhost). */
    WireMockVault(TestCertificates certificates, Path keyStoreFile) {
        certificates.writeServerKeyStore(keyStoreFile);
        server = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().containerThreads(20).jettyAcceptors(1)
                .keystorePath(keyStoreFile.toString()).keystoreType("PKCS12")
                .keystorePassword(TestCertificates.keyStorePassword()).keyManagerPassword(TestCertificates.keyStorePassword()));
        server.start();
        reset();
    }

    String url() { return server.baseUrl(); }

    String httpsUrl() { return "https://localhost:" + server.httpsPort(); }

    void stop() { server.stop(); }

    /** No stubs but Vault's own 404 for any unknown path. */
    void reset() {
        server.resetAll();
        kv.clear();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(json(404, NOT_FOUND)));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return json(status, body.toString());
    }

    private static ObjectNode envelope() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("request_id", "0e9cf7c4-6b7e-5d2e-9b1a-3f0c2b8e8a11").put("lease_id", "").put("renewable", false).put("lease_duration", 0);
        n.putNull("wrap_info");
        n.putNull("warnings");
        n.putNull("auth");
        return n;
    }

    // ---- mounts ----

    void mount(String mount, int version) {
        ObjectNode body = envelope();
        ObjectNode data = body.putObject("data");
        data.put("accessor", "kv_" + Integer.toHexString(mount.hashCode()))
                .put("description", "key/value secret storage").put("local", false).put("path", mount + "/")
                .put("seal_wrap", false).put("type", "kv").put("uuid", "5d6e7c1a-0000-4000-8000-000000000001");
        data.putObject("config").put("default_lease_ttl", 0).put("max_lease_ttl", 0).put("force_no_cache", false);
        if (version == 2) {
            data.putObject("options").put("version", "2");
        } else {
            data.putNull("options");
        }
        server.stubFor(get(urlPathMatching("/v1/sys/internal/ui/mounts/" + Pattern.quote(mount) + "(/.*)?")).willReturn(json(200, body)));
    }

    /** A mount whose KV calls (any method) are served by the stateful {@link #kv} engine; {@code token} may use it. */
    FakeKvEngine.Mount kvMount(String mount, int version, String token) {
        mount(mount, version);
        kv.acceptToken(token);
        server.stubFor(any(urlPathMatching("/v1/" + Pattern.quote(mount) + "/.*")).atPriority(60)
                .willReturn(aResponse().withTransformers(FakeKvEngine.NAME)));
        return kv.mount(mount, version);
    }

    void mountDetectionForbidden() {
        server.stubFor(get(urlPathMatching("/v1/sys/internal/ui/mounts/.*")).atPriority(50).willReturn(json(403, PERMISSION_DENIED)));
    }

    // ---- secrets ----

    static ObjectNode kvData(Map<String, ?> values) {
        return Json.MAPPER.valueToTree(values);
    }

    static ObjectNode v2Body(JsonNode data, long version, String deletionTime, boolean destroyed) {
        ObjectNode body = envelope();
        ObjectNode d = body.putObject("data");
        if (data == null) d.putNull("data"); else d.set("data", data);
        ObjectNode meta = d.putObject("metadata");
        meta.put("created_time", "2026-11-01T10:00:00.000000Z").putNull("custom_metadata");
        meta.put("deletion_time", deletionTime).put("destroyed", destroyed).put("version", version);
        return body;
    }

    /** A live KV v2 secret (latest version) at {@code mount/data/path}. */
    void v2(String mount, String path, Map<String, ?> values) {
        server.stubFor(get(urlEqualTo("/v1/" + mount + "/data/" + path)).willReturn(json(200, v2Body(kvData(values), 3, "", false))));
    }

    void v2Version(String mount, String path, int version, Map<String, ?> values) {
        server.stubFor(get(urlEqualTo("/v1/" + mount + "/data/" + path + "?version=" + version))
                .willReturn(json(200, v2Body(kvData(values), version, "", false))));
    }

    void v2Deleted(String mount, String pathAndQuery, int version, boolean destroyed) {
        server.stubFor(get(urlEqualTo("/v1/" + mount + "/data/" + pathAndQuery))
                .willReturn(json(404, v2Body(null, version, destroyed ? "" : "2026-11-20T09:30:00.123456Z", destroyed))));
    }

    void v1(String mount, String path, Map<String, ?> values) {
        ObjectNode body = envelope();
        body.put("lease_duration", 2764800);
        body.set("data", kvData(values));
        server.stubFor(get(urlEqualTo("/v1/" + mount + "/" + path)).willReturn(json(200, body)));
    }

    void list(String apiPath, List<String> keys) {
        ObjectNode body = envelope();
        body.putObject("data").set("keys", Json.MAPPER.valueToTree(keys));
        server.stubFor(request("LIST", urlEqualTo("/v1/" + apiPath)).willReturn(json(200, body)));
    }

    // ---- auth ----

    static ObjectNode authBody(String token, long lease, boolean renewable) {
        ObjectNode body = envelope();
        body.putObject("data");
        ObjectNode auth = body.putObject("auth");
        auth.put("client_token", token).put("accessor", "acc-" + token.hashCode());
        auth.putArray("policies").add("default").add("app-read");
        auth.putArray("token_policies").add("default").add("app-read");
        auth.putNull("metadata");
        auth.put("lease_duration", lease).put("renewable", renewable).put("entity_id", "").put("token_type", "service").put("orphan", true);
        return body;
    }

    void appRoleLogin(String mount, String roleId, String secretId, String token, long lease, boolean renewable) {
        server.stubFor(post(urlPathEqualTo("/v1/auth/" + mount + "/login"))
                .withRequestBody(equalToJson("{\"role_id\":\"" + roleId + "\",\"secret_id\":\"" + secretId + "\"}"))
                .willReturn(json(200, authBody(token, lease, renewable))));
    }

    /** Successive logins return {@code tokens[0]}, {@code tokens[1]}, ... */
    void appRoleLogins(String roleId, String secretId, long lease, boolean renewable, String... tokens) {
        for (int i = 0; i < tokens.length; i++) {
            var m = post(urlPathEqualTo("/v1/auth/approle/login"))
                    .withRequestBody(equalToJson("{\"role_id\":\"" + roleId + "\",\"secret_id\":\"" + secretId + "\"}"))
                    .inScenario("logins").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "login-" + i)
                    .willReturn(json(200, authBody(tokens[i], lease, renewable)));
            if (i + 1 < tokens.length) m = m.willSetStateTo("login-" + (i + 1));
            server.stubFor(m);
        }
    }

    void lookupSelf(String token) {
        ObjectNode body = envelope();
        body.putObject("data").put("accessor", "acc").put("display_name", "approle").put("renewable", true).put("ttl", 1190)
                .put("creation_ttl", 1200).put("path", "auth/approle/login").putArray("policies").add("default");
        server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).withHeader("X-Vault-Token", equalTo(token)).willReturn(json(200, body)));
    }

    // ---- providers ----

    SecretProvider provider(Map<String, ?> config) {
        return provider(config, Ticker.system());
    }

    SecretProvider provider(Map<String, ?> config, Ticker ticker) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        all.putIfAbsent("url", url());
        return create(all, ticker);
    }

    static SecretProvider create(Map<String, ?> config, Ticker ticker) {
        ProviderConfig pc = ProviderConfig.of("vault-test", new VaultProviderFactory().descriptor(), config);
        return VaultProviderFactory.create(pc, FAST_RETRY, ticker);
    }

    static SecretManagerException failure(Runnable r) {
        try {
            r.run();
        } catch (SecretManagerException e) {
            return e;
        }
        throw new AssertionError("expected a SecretManagerException");
    }

}
