package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only ACTIVE, enabled accounts serve values. */
final class ComposioStatusTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final ComposioSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPIRED", "FAILED", "REVOKED", "INITIATED", "INITIALIZING"})
    void accountThatIsNotActiveIsNotFoundNamingItsStatus(String status) {
        fake.oauth2("ca_gmail1", "gmail", "ya29.stillThere");
        fake.status("ca_gmail1", status, "Permanent auth error during token refresh");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("status " + status).containsAnyOf("re-authorize", "complete the connection")
                .contains("Permanent auth error during token refresh").doesNotContain("ya29.stillThere");
    }

    @Test
    void statusOfTheStateIsUsedWhenTheAccountCarriesNone() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.status("ca_gmail1", "EXPIRED", null);
        fake.account("ca_gmail1").remove("status");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("status EXPIRED");
    }

    @Test
    void inactiveAccountIsAccessDenied() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.stillThere");
        fake.status("ca_gmail1", "INACTIVE", "Connection status updated by user");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("disabled").contains("INACTIVE").doesNotContain("ya29.stillThere");
    }

    @Test
    void disabledFlagOrDisabledAuthConfigIsAccessDeniedEvenWhenActive() {
        fake.oauth2("ca_a", "gmail", "ya29.a");
        fake.account("ca_a").put("is_disabled", true);
        fake.oauth2("ca_b", "gmail", "ya29.b");
        fake.account("ca_b").with("auth_config").put("is_disabled", true);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_a")).reason())
                .isEqualTo(Reason.ACCESS_DENIED);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_b"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("disabled auth config");
    }
}
