package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.testkit.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider behind a real resolver, found by ServiceLoader, with the factory's cache policy and a fake ticker. */
final class ComposioResolverEndToEndTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final FakeTicker ticker = new FakeTicker();
    private final SecretResolver resolver = SecretResolver.builder()
            .manager("composio", "composio", Fixtures.config(fake.url()))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void rotatedAccessTokenIsServedOnceTheFiveMinuteTtlHasPassed() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.first-token");
        assertThat(resolver.resolveString("Bearer {{composio|ap_sep_v1|ca_gmail1}}")).isEqualTo("Bearer ya29.first-token");
        assertThat(fake.count()).isEqualTo(1);

        fake.rotateAccessToken("ca_gmail1", "ya29.second-token");
        ticker.advance(Duration.ofMinutes(3));
        assertThat(resolver.resolveString("{{composio|ap_sep_v1|ca_gmail1}}")).as("still fresh").isEqualTo("ya29.first-token");
        assertThat(fake.count()).isEqualTo(1);

        ticker.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(resolver.resolveString("{{composio|ap_sep_v1|ca_gmail1}}")).isEqualTo("ya29.second-token");
        assertThat(fake.count()).isEqualTo(2);
    }

    @Test
    void missingAccountIsRememberedThirtySeconds() {
        assertThat(catchThrowableOfType(SecretManagerException.class,
                () -> resolver.resolveString("{{composio|ap_sep_v1|ca_gone}}")).reason()).isEqualTo(Reason.NOT_FOUND);
        ticker.advance(Duration.ofSeconds(20));
        catchThrowableOfType(SecretManagerException.class, () -> resolver.resolveString("{{composio|ap_sep_v1|ca_gone}}"));
        assertThat(fake.count()).isEqualTo(1);
        fake.oauth2("ca_gone", "gmail", "ya29.now-here");
        ticker.advance(Duration.ofSeconds(11));
        assertThat(resolver.resolveString("{{composio|ap_sep_v1|ca_gone}}")).isEqualTo("ya29.now-here");
        assertThat(fake.count()).isEqualTo(2);
    }

    @Test
    void providerIdWorksAsManagerNameAndConnectionAndListingGoThroughTheResolver() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        assertThat(resolver.testConnection("composio").connected()).isTrue();
        assertThat(resolver.list("composio", "ca_")).extracting(SecretInfo::path).containsExactly("ca_gmail1");
    }
}
