package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeTicker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ComposioListTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final ComposioSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void listPagesThroughEveryAccountByCursorWithoutCredentials() {
        int n = 2 * ComposioSecretProvider.LIST_PAGE_SIZE + 17;
        for (int i = 0; i < n; i++) fake.oauth2(String.format("ca_acct%04d", i), "gmail", "ya29.secret-token-" + i);

        List<SecretInfo> all = provider.list("");

        assertThat(all).hasSize(n);
        assertThat(fake.count()).as("three pages").isEqualTo(3);
        assertThat(fake.requests().get(0).queryParams()).containsEntry("limit", List.of("100")).doesNotContainKey("cursor");
        assertThat(fake.requests().get(1).queryParams()).containsKey("cursor");
        assertThat(fake.requests().get(2).queryParams()).containsKey("cursor");
        SecretInfo first = all.get(0);
        assertThat(first.path()).isEqualTo("ca_acct0000");
        assertThat(first.description()).isEqualTo("gmail, ACTIVE");
        assertThat(first.createdAt()).isEqualTo(Optional.of(Instant.parse("2026-11-01T10:00:00Z")));
        assertThat(first.updatedAt()).isEqualTo(Optional.of(Instant.parse("2026-11-20T08:30:00Z")));
        assertThat(all).allSatisfy(info -> assertThat(info.toString() + info.description()).doesNotContain("ya29").doesNotContain("refresh"));
    }

    @Test
    void listKeepsOnlyIdsUnderThePrefixAndShowsStatuses() {
        fake.oauth2("ca_abc1", "gmail", "t1");
        fake.put("ca_abc2", "serpapi", "API_KEY", Map.of("api_key", "k2"));
        fake.oauth2("ca_xyz", "slack", "t3");
        fake.status("ca_abc1", "EXPIRED", null);
        List<SecretInfo> got = provider.list("ca_abc");
        assertThat(got).extracting(SecretInfo::path).containsExactly("ca_abc1", "ca_abc2");
        assertThat(got).extracting(SecretInfo::description).containsExactly("gmail, EXPIRED", "serpapi, ACTIVE");
    }

    @Test
    void checkConnectionIsOneListCallWithLimitOne() {
        fake.oauth2("ca_abc1", "gmail", "t1");
        assertThatCode(provider::checkConnection).doesNotThrowAnyException();
        assertThat(fake.count()).isEqualTo(1);
        Request r = fake.requests().get(0);
        assertThat(r.path()).isEqualTo("/api/v3.1/connected_accounts");
        assertThat(r.queryParams()).containsEntry("limit", List.of("1"));
        assertThat(r.header("x-api-key")).isEqualTo(Fixtures.API_KEY);
    }

    @Test
    void checkConnectionWithARejectedKeyNamesTheSlug() {
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", "ak_notAKnownKey123456");
        try (ComposioSecretProvider p = Fixtures.provider(config, new FakeTicker(), CredentialSink.NONE)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains(FakeComposio.UNAUTHORIZED_SLUG).doesNotContain("ak_notAKnownKey123456");
        }
    }
}
