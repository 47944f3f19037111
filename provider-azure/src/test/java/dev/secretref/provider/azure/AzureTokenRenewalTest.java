package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When Key Vault rejects a token the SDK still holds (401 with a new challenge), the SDK's token cache would hand
 * the same token back; the provider gets exactly one new token and retries once. Challenge shape:
 * https://learn.microsoft.com/en-us/azure/key-vault/general/authentication (WWW-Authenticate: Bearer
 * authorization="…", resource="…").
 */
final class AzureTokenRenewalTest {
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final AzureSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void rejectedCachedTokenIsReplacedOnceAndTheReadRetriedOnce() {
        fake.put("db", "v1");
        assertThat(provider.fetch("db")).isEqualTo("v1");
        assertThat(fake.tokenRequests()).isEqualTo(1);
        long getsBefore = fake.count("GET /secrets/db");

        fake.revokeIssuedTokens();

        assertThat(provider.fetch("db")).isEqualTo("v1");
        assertThat(fake.tokenRequests()).isEqualTo(2);
        // the rejected GET (SDK retries it once with the same cached token), then one GET with the new token
        assertThat(fake.count("GET /secrets/db") - getsBefore).isEqualTo(3);

        assertThat(provider.fetch("db")).isEqualTo("v1");
        assertThat(fake.tokenRequests()).isEqualTo(2);
    }

    @Test
    void concurrentReadsThatSeeTheSameRejectionShareOneNewToken() {
        ExecutorService pool = Executors.newCachedThreadPool();
        Map<String, Object> config = Fixtures.config(fake);
        config.put("maxConcurrency", "6");
        try (AzureSecretProvider p = Fixtures.provider(config, pool)) {
            Set<String> paths = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                fake.put("s" + i, "v" + i);
                paths.add("s" + i);
            }
            p.fetch("s0");
            fake.revokeIssuedTokens();

            Map<String, FetchResult> got = p.fetchAll(paths);

            assertThat(got.values()).allMatch(FetchResult::isValue);
            assertThat(fake.tokenRequests()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokensAreDeclaredToTheResolverAndWithdrawnWhenReplaced() {
        TestContext context = new TestContext(Runnable::run);
        try (AzureSecretProvider p = Fixtures.provider(Fixtures.config(fake), context)) {
            fake.put("db", "v1");
            p.fetch("db");
            assertThat(context.obtained).containsExactlyInAnyOrderElementsOf(fake.issuedTokens());
            Set<String> first = Set.copyOf(context.obtained);

            fake.revokeIssuedTokens();
            p.fetch("db");

            assertThat(context.obtained).hasSize(2).containsAll(fake.issuedTokens());
            assertThat(context.discarded).isEqualTo(first);
        }
        assertThat(context.discarded).containsExactlyInAnyOrderElementsOf(fake.issuedTokens());
    }

    @Test
    void aSecondRejectionAfterRenewalFailsAsAuthenticationFailed() {
        fake.put("db", "v1");
        assertThat(provider.fetch("db")).isEqualTo("v1");
        fake.rejectEveryToken();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("db"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("rejected the access token").contains("tenantId");
        assertThat(fake.tokenRequests()).isEqualTo(2);
    }
}
