package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Masked or redacted values are refused, never returned as if they were the secret. */
final class ComposioMaskingTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final ComposioSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ya29...", "sk_l...", "REDACTED"})
    void maskedTokenOfACustomAppIsAccessDeniedNamingTheProjectSetting(String masked) {
        fake.oauth2("ca_gmail1", "gmail", masked);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("masked").contains("mask_secret_keys_in_connected_account")
                .contains("Project Configuration").doesNotContain(masked);
    }

    @Test
    void maskedApiKeyAndNamedFieldsAreRefusedToo() {
        fake.put("ca_serp", "serpapi", "API_KEY", Map.of("api_key", "abcd..."));
        fake.put("ca_jira", "jira", "BASIC", Map.of("username", "bot", "password", "REDACTED"));
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_serp")).reason())
                .isEqualTo(Reason.ACCESS_DENIED);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_jira:password")).reason())
                .isEqualTo(Reason.ACCESS_DENIED);
        assertThat(provider.fetch("ca_jira:username")).isEqualTo("bot");
    }

    @Test
    void composioManagedAppSaysItsTokensCannotBeExposed() {
        fake.oauth2("ca_slack", "slack", "REDACTED");
        fake.account("ca_slack").with("auth_config").put("is_composio_managed", true);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_slack"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Composio-managed").contains("never exposes").contains("your own OAuth app");
    }

    @Test
    void valuesThatMerelyContainDotsAreServed() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.a0AfH6SMBx...but-a-long-real-token-value");
        assertThat(provider.fetch("ca_gmail1")).isEqualTo("ya29.a0AfH6SMBx...but-a-long-real-token-value");
    }
}
