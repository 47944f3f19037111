package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.secretref.provider.vault.WireMockVault.failure;
import static dev.secretref.provider.vault.WireMockVault.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.spi.SecretProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** checkConnection logs in, reads auth/token/lookup-self, never touches sys/, and names the failed step. */
final class VaultConnectionCheckTest {
    private static final String SECRET_ID = "sid-conn-Yy4";
    private static WireMockVault vault;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @BeforeEach
    void reset() { vault.reset(); }

    private SecretProvider appRole() {
        return vault.provider(Map.of("roleId", "role", "secretId", SECRET_ID));
    }

    @Test
    void healthyVaultPassesWithLoginAndLookupSelfOnly() {
        vault.appRoleLogin("approle", "role", SECRET_ID, "hvs.ok", 3600, true);
        vault.lookupSelf("hvs.ok");
        try (SecretProvider p = appRole()) {
            assertThatCode(p::checkConnection).doesNotThrowAnyException();
        }
        vault.server.verify(1, postRequestedFor(urlEqualTo("/v1/auth/approle/login")));
        vault.server.verify(1, getRequestedFor(urlEqualTo("/v1/auth/token/lookup-self")));
        vault.server.verify(0, anyRequestedFor(urlPathMatching("/v1/sys/.*")));
        assertThat(vault.server.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void rejectedLoginFailsAtTheLoginStep() {
        vault.server.stubFor(post(urlEqualTo("/v1/auth/approle/login")).willReturn(json(400, "{\"errors\":[\"invalid role or secret ID\"]}")));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("login step").doesNotContain(SECRET_ID);
        }
    }

    @Test
    void deniedLookupSelfFailsAtThePermissionStep() {
        vault.appRoleLogin("approle", "role", SECRET_ID, "hvs.ok", 3600, true);
        vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).willReturn(json(403, WireMockVault.PERMISSION_DENIED)));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
            assertThat(e.getMessage()).contains("permission step").contains("auth/token/lookup-self");
        }
    }

    @Test
    void rejectedStaticTokenFailsAtTheLoginStep() {
        vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).willReturn(json(403, WireMockVault.INVALID_TOKEN)));
        try (SecretProvider p = vault.provider(Map.of("token", "hvs.dead-token"))) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("login step").doesNotContain("hvs.dead-token");
        }
    }

    @Test
    void aServerAnsweringLookupSelfWith200AndAnotherShapeIsNotVault() {
        for (String body : new String[] {"<html>welcome</html>", "{\"ok\":true}", "{\"data\":{\"keys\":[\"a\"]}}"}) {
            vault.reset();
            vault.server.stubFor(get(urlEqualTo("/v1/auth/token/lookup-self")).willReturn(WireMockVault.json(200, body)));
            try (SecretProvider p = vault.provider(Map.of("token", "hvs.static-Gg5"))) {
                SecretManagerException e = failure(p::checkConnection);
                assertThat(e.code()).as(body).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
                assertThat(e.getMessage()).contains("not with a Vault token description").doesNotContain("hvs.static-Gg5");
            }
        }
    }

    @Test
    void unreachableVaultFailsAtTheNetworkStep() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SecretProvider p = WireMockVault.create(Map.of("url", "http://127.0.0.1:" + port, "roleId", "role", "secretId", SECRET_ID), Ticker.system())) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("network step").contains("127.0.0.1:" + port).doesNotContain(SECRET_ID);
        }
    }

    @Test
    void untrustedTlsCertificateFailsAtTheTlsStep() {
        WireMockVault tls = new WireMockVault(true);
        try (SecretProvider p = WireMockVault.create(Map.of("url", tls.httpsUrl(), "token", "hvs.t"), Ticker.system())) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("TLS step").contains("caCertificate");
        } finally {
            tls.stop();
        }
    }
}
