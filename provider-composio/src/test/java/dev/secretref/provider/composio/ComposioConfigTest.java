package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeTicker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ComposioConfigTest {

    private static SecretManagerException invalid(Map<String, Object> config) {
        return catchThrowableOfType(SecretManagerException.class, () -> Fixtures.provider(config, new FakeTicker(), CredentialSink.NONE));
    }

    @Test
    void userApiKeyIsRefusedWithAdviceToUseAScopedProjectKey() {
        Map<String, Object> config = Fixtures.config("http://127.0.0.1:1");
        config.put("apiKey", "uak_secretUserKey123456");
        SecretManagerException e = invalid(config);
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("user API key").contains("scoped project API key")
                .contains("read-only access to connected accounts").doesNotContain("uak_secretUserKey123456");
    }

    @Test
    void everyProblemIsNamedInOneError() {
        Map<String, Object> config = Fixtures.config("http://127.0.0.1:1/?x=1");
        config.put("apiVersion", "v2-P4SS");
        config.put("apiKey", "ak_with space");
        SecretManagerException e = invalid(config);
        assertThat(e.getMessage()).contains("apiVersion must be v3.1 or v3").contains("baseUrl must not carry a query")
                .contains("apiKey must not contain whitespace").doesNotContain("ak_with space").doesNotContain("P4SS");
    }

    @Test
    void unknownAndMissingKeysAreValidationErrors() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> Fixtures.providerConfig(Map.of("baseUrl", "https://backend.composio.dev", "token", "x")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("unknown key token").contains("missing required key apiKey");
    }

    @Test
    void defaultsToV31OnComposiosHostAndHidesTheKey() {
        ComposioSettings s = ComposioSettings.from(Fixtures.providerConfig(Map.of("apiKey", Fixtures.API_KEY)));
        assertThat(s.baseUrl()).isEqualTo("https://backend.composio.dev");
        assertThat(s.apiVersion()).isEqualTo("v3.1");
        assertThat(s.toString()).doesNotContain(Fixtures.API_KEY);
        assertThat(new ComposioProviderFactory().descriptor().field("apiKey").orElseThrow().isSensitive()).isTrue();
    }

    @Test
    void factoryPolicyBoundsValuesToFiveMinutesAndNotFoundToThirtySeconds() {
        CachePolicy p = new ComposioProviderFactory().defaultCachePolicy();
        assertThat(p.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxStale()).isZero();
        assertThat(p.notFoundTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void providerIsReadOnly() {
        try (FakeComposio fake = FakeComposio.start(Fixtures.API_KEY)) {
            assertThat(Fixtures.provider(fake).writer()).isEmpty();
        }
    }
}
