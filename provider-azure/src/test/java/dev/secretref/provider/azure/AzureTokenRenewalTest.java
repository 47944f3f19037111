package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
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
    void aSecondRejectionAfterRenewalFailsAsAuthenticationFailed() {
        fake.put("db", "v1");
        assertThat(provider.fetch("db")).isEqualTo("v1");
        fake.revokeIssuedTokens();
        // every token the fake issues from now on is revoked as soon as it is used
        Thread revoker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                fake.revokeIssuedTokens();
                Thread.onSpinWait();
            }
        });
        revoker.setDaemon(true);
        revoker.start();
        try {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("db"));

            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(fake.tokenRequests()).isEqualTo(2);
        } finally {
            revoker.interrupt();
        }
    }
}
