package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeTicker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ComposioFetchTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final ComposioSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void oauth2AccountServesItsAccessTokenByDefault() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.a0AfH6SMBx-token");
        assertThat(provider.fetch("ca_gmail1")).isEqualTo("ya29.a0AfH6SMBx-token");
        Request r = fake.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/api/v3.1/connected_accounts/ca_gmail1");
        assertThat(r.header("x-api-key")).isEqualTo(Fixtures.API_KEY);
    }

    @Test
    void apiKeyAccountServesApiKeyOrElseGenericApiKey() {
        fake.put("ca_serp", "serpapi", "API_KEY", Map.of("api_key", "serp-key-1"));
        fake.put("ca_generic", "custom", "API_KEY", Map.of("generic_api_key", "generic-key-2"));
        assertThat(provider.fetch("ca_serp")).isEqualTo("serp-key-1");
        assertThat(provider.fetch("ca_generic")).isEqualTo("generic-key-2");
    }

    @Test
    void bearerTokenAccountServesItsToken() {
        fake.put("ca_air", "airtable", "BEARER_TOKEN", Map.of("token", "pat-airtable-3"));
        assertThat(provider.fetch("ca_air")).isEqualTo("pat-airtable-3");
    }

    @Test
    void basicAccountNeedsAFieldAndServesTheOneNamed() {
        fake.put("ca_jira", "jira", "BASIC", Map.of("username", "bot@example.com", "password", "s3cret-pass"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_jira"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.getMessage()).contains("BASIC").contains("ca_jira:username").contains("ca_jira:password")
                .doesNotContain("s3cret-pass").doesNotContain("bot@example.com");
        assertThat(provider.fetch("ca_jira:password")).isEqualTo("s3cret-pass");
        assertThat(provider.fetch("ca_jira:username")).isEqualTo("bot@example.com");
    }

    @Test
    void namedFieldIsServedAndAMissingOneIsNotFoundNamingIt() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.tokenA");
        assertThat(provider.fetch("ca_gmail1:refresh_token")).isEqualTo("1//refresh-ca_gmail1-Zx9");
        assertThat(provider.fetch("ca_gmail1:expires_in")).isEqualTo("3599");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1:id_token"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("'id_token'").contains("access_token").doesNotContain("ya29.tokenA");
        assertThat(e.path()).isEqualTo("ca_gmail1:id_token");
    }

    @Test
    void unknownSchemeWithoutFieldAsksForOne() {
        fake.put("ca_x", "twitter", "OAUTH1", Map.of("oauth_token", "t1", "oauth_token_secret", "t2"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_x"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("OAUTH1").contains("oauth_token_secret");
        assertThat(provider.fetch("ca_x:oauth_token_secret")).isEqualTo("t2");
    }

    @Test
    void apiVersionV3UsesTheV3Path() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.v3token");
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiVersion", "v3");
        try (ComposioSecretProvider v3 = Fixtures.provider(config, new FakeTicker(), CredentialSink.NONE)) {
            assertThat(v3.fetch("ca_gmail1")).isEqualTo("ya29.v3token");
        }
        assertThat(fake.requests().get(0).path()).isEqualTo("/api/v3/connected_accounts/ca_gmail1");
    }

    @Test
    void fetchAllReadsEachAccountOnceForAllItsFields() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.tokenA");
        fake.put("ca_jira", "jira", "BASIC", Map.of("username", "bot", "password", "pw-1"));
        Map<String, FetchResult> got = provider.fetchAll(new LinkedHashSet<>(List.of(
                "ca_gmail1", "ca_gmail1:refresh_token", "ca_jira:username", "ca_jira:password", "ca_gone", "bad path")));
        assertThat(got.get("ca_gmail1").valueOrThrow()).isEqualTo("ya29.tokenA");
        assertThat(got.get("ca_gmail1:refresh_token").valueOrThrow()).startsWith("1//refresh");
        assertThat(got.get("ca_jira:password").valueOrThrow()).isEqualTo("pw-1");
        assertThat(got.get("ca_gone").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("bad path").error().code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(fake.count()).as("one GET per distinct account").isEqualTo(3);
    }
}
