package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static dev.secretref.provider.vault.FakeVault.json;
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
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** checkConnection logs in, reads auth/token/lookup-self, never touches sys/, and names the failed step. */
final class VaultConnectionCheckTest {
    private static final String SECRET_ID = "sid-conn-Yy4";
    private FakeVault vault;

    @BeforeEach
    void start() { vault = new FakeVault(); }

    @AfterEach
    void stop() { vault.close(); }

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
        assertThat(vault.http.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
        assertThat(vault.http.count("*", "/v1/sys/.*")).isZero();
        assertThat(vault.http.requests()).hasSize(2);
    }

    @Test
    void rejectedLoginFailsAtTheLoginStep() {
        vault.http.route("POST", "/v1/auth/approle/login", r -> json(400, FakeVault.INVALID_LOGIN));
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
        vault.http.route("GET", "/v1/auth/token/lookup-self", r -> json(403, FakeVault.PERMISSION_DENIED));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
            assertThat(e.getMessage()).contains("permission step").contains("auth/token/lookup-self");
        }
    }

    @Test
    void rejectedStaticTokenFailsAtTheLoginStep() {
        vault.http.route("GET", "/v1/auth/token/lookup-self", r -> json(403, FakeVault.INVALID_TOKEN));
        try (SecretProvider p = vault.provider(Map.of("token", "hvs.dead-token"))) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("login step").doesNotContain("hvs.dead-token");
        }
    }

    @Test
    void aServerAnsweringLookupSelfWith200AndAnotherShapeIsNotVault() {
        for (String body : new String[] {"<html>welcome</html>", "{\"ok\":true}", "{\"data\":{\"keys\":[\"a\"]}}"}) {
            try (FakeVault other = new FakeVault(); SecretProvider p = other.provider(Map.of("token", "hvs.static-Gg5"))) {
                other.http.route("GET", "/v1/auth/token/lookup-self",
                        r -> FakeHttpServer.Response.of(200, body.startsWith("<") ? "text/html" : "application/json",
                                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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
        try (SecretProvider p = FakeVault.create(Map.of("url", "http://127.0.0.1:" + port, "roleId", "role", "secretId", SECRET_ID), Ticker.system())) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("network step").contains("127.0.0.1:" + port).doesNotContain(SECRET_ID);
        }
    }

    @Test
    void untrustedTlsCertificateFailsAtTheTlsStep() {
        try (FakeVault tls = FakeVault.https(TestCertificates.localhost());
             SecretProvider p = FakeVault.create(Map.of("url", tls.url(), "token", "hvs.t"), Ticker.system())) {
            SecretManagerException e = failure(p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("TLS step").contains("caCertificate");
        }
    }
}
