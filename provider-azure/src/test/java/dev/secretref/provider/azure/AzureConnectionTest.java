package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code checkConnection} reads a name that does not exist: 404 proves reachability and credentials, no list right needed. */
final class AzureConnectionTest {
    private final FakeKeyVault fake = FakeKeyVault.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void notFoundOnTheProbeNameMeansConnected() {
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            assertThatCode(p::checkConnection).doesNotThrowAnyException();
        }
        assertThat(fake.requests()).noneMatch(r -> r.equals("GET /secrets"));
        assertThat(fake.requests()).contains("GET /secrets/" + AzureSecretProvider.PROBE_NAME + "/");
    }

    @Test
    void forbiddenNamesTheMissingRole() {
        fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.");
        try (AzureSecretProvider p = Fixtures.provider(fake)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

            assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
            assertThat(e.getMessage()).contains("Key Vault Secrets User");
        }
    }

    @Test
    void rejectedCredentialsFailAsConnectionFailed() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("clientSecret", "not-the-secret");
        try (AzureSecretProvider p = Fixtures.provider(config)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        }
    }

    @Test
    void closedProviderRefusesCalls() {
        AzureSecretProvider p = Fixtures.provider(fake);
        p.close();

        assertThat(catchThrowableOfType(SecretManagerException.class, () -> p.fetch("x")).reason()).isEqualTo(Reason.CLOSED);
    }
}
