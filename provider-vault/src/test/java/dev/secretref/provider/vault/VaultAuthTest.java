package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static dev.secretref.provider.vault.FakeVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.TestProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AppRole, Kubernetes and static-token auth, and the token lifecycle: one login reused, renew-self past
 * two thirds of the lease, re-login when not renewable or capped, one re-login after "invalid token",
 * no login storm. Time moves on a manual ticker; nothing sleeps. Shapes: see {@link FakeVault}.
 */
final class VaultAuthTest {
    private static final String ROLE_ID = "role-7c1f";
    private static final String SECRET_ID = "secret-id-Kq83-do-not-leak";
    private static final String VALUE = "value-Pw77";
    private static final String LOGIN = "/v1/auth/approle/login";
    private static final String RENEW = "/v1/auth/token/renew-self";
    private FakeVault vault;
    private final FakeTicker ticker = new FakeTicker();

    @BeforeEach
    void start() {
        vault = new FakeVault();
        vault.mount("secret", 2);
        vault.v2("secret", "app", Map.of("k", VALUE));
    }

    @AfterEach
    void stop() { vault.close(); }

    private int logins() { return vault.http.count("POST", LOGIN); }

    private int renewals() { return vault.http.count("POST", RENEW); }

    /** {@code GET /v1/secret/data/app} with {@code token} answers 403 "invalid token" (revoked); other tokens read as usual. */
    private void revoked(String token) {
        vault.http.route("GET", "/v1/(?<path>secret/data/app)",
                r -> token.equals(r.header("X-Vault-Token")) ? json(403, FakeVault.INVALID_TOKEN) : vault.kv(r));
    }

    private SecretProvider appRole() {
        return vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID), ticker);
    }

    @Test
    void anAppRoleLoginIsNotReplayedAfterA5xxSoASingleUseSecretIdIsNotBurnt() {
        vault.http.route("POST", LOGIN, r -> json(503, "{\"errors\":[\"upstream busy\"]}"));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        }
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void anAppRoleLoginIsNotReplayedAfterATimeout() {
        vault.http.route("POST", LOGIN, r -> json(200, FakeVault.authBody("hvs.late", 3600, true)))
                .gate(new CountDownLatch(1));      // never answered before the server closes
        try (SecretProvider p = vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID, "readTimeout", "300ms",
                "connectTimeout", "300ms"), ticker)) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        }
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void aVaultErrorEchoingTheIssuedTokenDoesNotShowIt() {
        String issued = "hvs.CAESIissued-by-approle-Zz9";
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, issued, 3600, true);
        vault.http.route("GET", "/v1/secret/data/echo",
                r -> json(400, "{\"errors\":[\"bad request; headers: X-Vault-Token=" + issued + "\"]}"));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/echo/k"));
            assertThat(e.getMessage()).contains("X-Vault-Token=██").doesNotContain(issued);
        }
    }

    @Test
    void theLoginTokenIsDeclaredToTheContextWhileItLives() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, false, "hvs.first-Aa1", "hvs.second-Bb2");
        try (TestProviderContext context = new TestProviderContext()) {
            SecretProvider p = VaultProviderFactory.create(dev.secretref.spi.ProviderConfig.of("v", new VaultProviderFactory().descriptor(),
                    Map.of("url", vault.url(), "roleId", ROLE_ID, "secretId", SECRET_ID)), FakeVault.FAST_RETRY, context);
            p.fetch("secret/data/app/k");
            assertThat(context.liveCredentials()).containsExactly("hvs.first-Aa1");
            context.fakeTicker().advance(Duration.ofSeconds(45));     // past two thirds, not renewable: a new login
            p.fetch("secret/data/app/k");
            assertThat(context.liveCredentials()).containsExactly("hvs.second-Bb2");
            p.close();
            assertThat(context.liveCredentials()).isEmpty();
        }
    }

    @Test
    void aRenewedTokenStaysDeclared() {
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.renewable-Cc3", 60, true);
        vault.http.route("POST", RENEW, r -> json(200, FakeVault.authBody("hvs.renewable-Cc3", 60, true)));
        try (TestProviderContext context = new TestProviderContext()) {
            SecretProvider p = VaultProviderFactory.create(dev.secretref.spi.ProviderConfig.of("v", new VaultProviderFactory().descriptor(),
                    Map.of("url", vault.url(), "roleId", ROLE_ID, "secretId", SECRET_ID)), FakeVault.FAST_RETRY, context);
            p.fetch("secret/data/app/k");
            context.fakeTicker().advance(Duration.ofSeconds(45));
            p.fetch("secret/data/app/k");
            assertThat(renewals()).isEqualTo(1);
            assertThat(context.liveCredentials()).containsExactly("hvs.renewable-Cc3");
            p.close();
        }
    }

    @Test
    void aCallCutOffByCloseReportsClosed() throws Exception {
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.tok-c", 3600, true);
        vault.http.route("GET", "/v1/secret/data/slow", r -> json(200, FakeVault.v2Body(FakeVault.kvData(Map.of("k", VALUE)), 1, "", false)))
                .gate(new CountDownLatch(1));      // held until the server closes
        SecretProvider p = vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID, "readTimeout", "60s"), ticker);
        java.util.concurrent.CompletableFuture<SecretManagerException> call = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> failure(() -> p.fetch("secret/data/slow/k")));
        while (vault.http.count("GET", "/v1/secret/data/slow") == 0) Thread.onSpinWait();
        p.close();
        SecretManagerException e = call.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(e.reason()).isEqualTo(Reason.CLOSED);
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void appRoleLogsInOnceAndSendsTheTokenOnReads() {
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.tok-1", 3600, true);
        try (SecretProvider p = appRole()) {
            for (int i = 0; i < 20; i++) assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
        assertThat(logins()).isEqualTo(1);
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.tok-1")).isEqualTo(20);
    }

    @Test
    void appRoleUsesACustomAuthMount() {
        vault.appRoleLogin("team-approle", ROLE_ID, SECRET_ID, "hvs.tok-m", 3600, true);
        try (SecretProvider p = vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID, "authMount", "/team-approle/"), ticker)) {
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
        assertThat(vault.http.count("POST", "/v1/auth/team-approle/login")).isEqualTo(1);
    }

    @Test
    void kubernetesLoginSendsTheRoleAndTheServiceAccountJwt(@TempDir Path dir) throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXBwIn0.sig-do-not-leak";
        Path file = Files.writeString(dir.resolve("token"), jwt + "\n");
        vault.kubernetesLogins("app", jwt, 3600, true, "hvs.k8s");
        try (SecretProvider p = vault.provider(Map.of("kubernetesRole", "app", "jwtPath", file.toString()), ticker)) {
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.k8s")).isEqualTo(1);
    }

    @Test
    void kubernetesLoginWithoutAJwtFileSaysWhichFile(@TempDir Path dir) {
        Path missing = dir.resolve("absent-token");
        try (SecretProvider p = vault.provider(Map.of("kubernetesRole", "app", "jwtPath", missing.toString()), ticker)) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains(missing.toString());
        }
    }

    @Test
    void staticTokenNeverLogsIn() {
        try (SecretProvider p = vault.provider(Map.of("token", "hvs.static"), ticker)) {
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
            ticker.advance(Duration.ofDays(30));
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
        assertThat(vault.http.count("POST", "/v1/auth/.*")).isZero();
    }

    @Test
    void rejectedLoginIsAConnectionFailureThatDoesNotEchoTheSecretId() {
        vault.http.route("POST", LOGIN, r -> json(400, FakeVault.INVALID_LOGIN));
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("invalid role or secret ID").doesNotContain(SECRET_ID).doesNotContain(ROLE_ID);
            assertThat(p.toString()).doesNotContain(SECRET_ID).doesNotContain(ROLE_ID);
        }
    }

    @Test
    void failedLoginIsNotCachedTheNextCallLogsInAgain() {
        vault.http.failNext(1, json(503, FakeVault.SEALED));      // the first request is the login
        try (SecretProvider p = appRole()) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.getMessage()).contains("Vault is sealed");
            vault.http.reset();
            vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.after-unseal", 3600, true);
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
    }

    @Test
    void renewableTokenIsRenewedPastTwoThirdsOfItsLease() {
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.tok-1", 60, true);
        vault.http.route("POST", RENEW, r -> "hvs.tok-1".equals(r.header("X-Vault-Token"))
                ? json(200, FakeVault.authBody("hvs.tok-1", 60, true)) : json(404, FakeVault.NOT_FOUND));
        try (SecretProvider p = appRole()) {
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(30));
            p.fetch("secret/data/app/k");
            assertThat(renewals()).isZero();
            ticker.advance(Duration.ofSeconds(11));   // 41 s of 60
            p.fetch("secret/data/app/k");
            p.fetch("secret/data/app/k");
            assertThat(renewals()).isEqualTo(1);
            ticker.advance(Duration.ofSeconds(30));   // 30 s after the renewal: not due again yet
            p.fetch("secret/data/app/k");
        }
        assertThat(renewals()).isEqualTo(1);
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void nonRenewableTokenIsReplacedByANewLogin() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, false, "hvs.tok-1", "hvs.tok-2");
        try (SecretProvider p = appRole()) {
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(45));
            p.fetch("secret/data/app/k");
        }
        assertThat(logins()).isEqualTo(2);
        assertThat(renewals()).isZero();
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.tok-2")).isEqualTo(1);
    }

    @Test
    void renewalCappedByMaxTtlLeadsToANewLogin() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, true, "hvs.tok-1", "hvs.tok-2");
        vault.http.route("POST", RENEW, r -> json(200, FakeVault.authBody("hvs.tok-1", 12, true)));
        try (SecretProvider p = appRole()) {
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(45));
            p.fetch("secret/data/app/k");
        }
        assertThat(renewals()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void expiredTokenCostsExactlyOneNewLogin() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, true, "hvs.tok-1", "hvs.tok-2");
        try (SecretProvider p = appRole()) {
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(61));
            for (int i = 0; i < 10; i++) p.fetch("secret/data/app/k");
        }
        assertThat(logins()).isEqualTo(2);
        assertThat(renewals()).isZero();
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.tok-2")).isEqualTo(10);
    }

    @Test
    void refusedRenewalFallsBackToANewLogin() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 60, true, "hvs.tok-1", "hvs.tok-2");
        vault.http.route("POST", RENEW, r -> json(403, FakeVault.PERMISSION_DENIED));
        try (SecretProvider p = appRole()) {
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(45));
            p.fetch("secret/data/app/k");
            ticker.advance(Duration.ofSeconds(10));
            p.fetch("secret/data/app/k");
        }
        assertThat(renewals()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
        assertThat(vault.count("GET", "/v1/secret/data/app", "hvs.tok-2")).isEqualTo(2);
    }

    @Test
    void invalidTokenAnswerLeadsToOneReLoginAndARetry() {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.revoked", "hvs.fresh");
        revoked("hvs.revoked");
        try (SecretProvider p = appRole()) {
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
            assertThat(p.fetch("secret/data/app/k")).isEqualTo(VALUE);
        }
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void invalidStaticTokenIsAnAuthenticationFailureWithoutTheToken() {
        vault.http.route("GET", "/v1/.*", r -> json(403, FakeVault.INVALID_TOKEN));
        try (SecretProvider p = vault.provider(Map.of("token", "hvs.expired-static-Qq"), ticker)) {
            SecretManagerException e = failure(() -> p.fetch("secret/data/app/k"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("expired, revoked or wrong").doesNotContain("hvs.expired-static-Qq");
        }
    }

    @Test
    void sixtyFourConcurrentColdFetchesShareOneLoginAndOneDetection() throws Exception {
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, "hvs.tok-1", 3600, true);
        for (int i = 0; i < 8; i++) vault.v2("secret", "p" + i, Map.of("k", "v" + i));
        try (SecretProvider p = appRole()) {
            ExecutorService pool = Executors.newFixedThreadPool(64);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int k = i % 8;
                    calls.add(() -> {
                        go.await();
                        return p.fetch("secret/data/p" + k + "/k");
                    });
                }
                List<Future<String>> futures = new ArrayList<>();
                for (Callable<String> c : calls) futures.add(pool.submit(c));
                go.countDown();
                for (int i = 0; i < 64; i++) assertThat(futures.get(i).get()).isEqualTo("v" + (i % 8));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(logins()).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.*")).isEqualTo(1);
    }

    @Test
    void concurrentCallersAfterARevocationShareOneReLogin() throws Exception {
        vault.appRoleLogins(ROLE_ID, SECRET_ID, 3600, true, "hvs.revoked", "hvs.fresh", "hvs.third");
        revoked("hvs.revoked");
        try (SecretProvider p = appRole()) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return p.fetch("secret/data/app/k");
                    }));
                }
                go.countDown();
                for (Future<String> f : futures) assertThat(f.get()).isEqualTo(VALUE);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(logins()).isEqualTo(2);
    }
}
