package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeTicker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Composio's statuses and error envelope mapped to codes and reasons; 429 retried a bounded number of times. */
final class ComposioErrorMappingTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private final FakeTicker ticker = new FakeTicker();
    private final ComposioSecretProvider provider = Fixtures.provider(Fixtures.config(fake.url()), ticker, CredentialSink.NONE);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void rejectedKeyIsAuthenticationFailedWithTheSlug() {
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", "ak_revokedKey00000000");
        try (ComposioSecretProvider p = Fixtures.provider(config, ticker, CredentialSink.NONE)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("ca_gmail1"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("401").contains("slug " + FakeComposio.UNAUTHORIZED_SLUG).contains("request id")
                    .doesNotContain("ak_revokedKey00000000");
            assertThat(e.path()).isEqualTo("ca_gmail1");
        }
    }

    @Test
    void forbiddenIsAccessDenied() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.forbidAll(403);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("403").contains("read access to connected accounts");
    }

    @Test
    void missingAccountIsNotFoundNamingTheId() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_deleted42:token"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("ca_deleted42").contains("404").contains("ConnectedAccount_ResourceNotFound");
        assertThat(e.path()).isEqualTo("ca_deleted42:token");
    }

    @Test
    void malformedIdAnswerIsInvalidReferenceAndUnsupportedSchemeIsUnsupported() {
        fake.failNext(400, 1);
        SecretManagerException bad = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_x"));
        assertThat(bad.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(bad.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(bad.path()).isEqualTo("ca_x");
        fake.failNext(501, 1);
        SecretManagerException unsupported = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_x"));
        assertThat(unsupported.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(fake.count()).as("neither is retried").isEqualTo(2);
    }

    @Test
    void shortRetryAfterIsHonouredOnceThenTheValueIsServed() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.throttleNext(1, "0");
        assertThat(provider.fetch("ca_gmail1")).isEqualTo("ya29.t");
        assertThat(fake.count()).isEqualTo(2);
    }

    @Test
    void persistentThrottlingGivesUpAfterTwoAttemptsAsThrottled() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.throttleNext(5, "0");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(e.getMessage()).contains("429; budget 2000 per 60s, 0 left").contains("retried at most 1 time(s)")
                .contains("whole Composio organisation");
        assertThat(fake.count()).as("bounded: no retry storm").isEqualTo(2);
    }

    @Test
    void longRetryAfterIsNotWaitedForAndHoldsEveryCallUntilItPasses() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.oauth2("ca_gmail2", "gmail", "ya29.u");
        fake.throttleNext(1, "30");
        SecretManagerException first = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(first.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(first.getMessage()).contains("calls resume in 30 s");
        assertThat(fake.count()).as("Retry-After beyond the retry cap: no retry").isEqualTo(1);

        ticker.advance(Duration.ofSeconds(29));
        SecretManagerException held = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail2"));
        assertThat(held.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(held.getMessage()).contains("not attempted").contains("calls resume in 1 s");
        assertThat(catchThrowableOfType(SecretManagerException.class, provider::checkConnection).reason()).isEqualTo(Reason.THROTTLED);
        assertThat(fake.count()).as("held calls never reach Composio").isEqualTo(1);

        ticker.advance(Duration.ofSeconds(2));
        assertThat(provider.fetch("ca_gmail2")).isEqualTo("ya29.u");
        assertThat(fake.count()).isEqualTo(2);
    }

    @Test
    void throttlingWithoutRetryAfterHoldsCallsForOneSecond() {
        fake.oauth2("ca_gmail1", "gmail", "ya29.t");
        fake.throttleNext(2, null);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1")).reason())
                .isEqualTo(Reason.THROTTLED);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1")).reason())
                .isEqualTo(Reason.THROTTLED);
        assertThat(fake.count()).isEqualTo(2);
        ticker.advance(RateLimitGate.DEFAULT_PAUSE);
        assertThat(provider.fetch("ca_gmail1")).isEqualTo("ya29.t");
        assertThat(fake.count()).isEqualTo(3);
    }

    @Test
    void serverErrorsAfterRetriesAreConnectionFailures() {
        fake.failNext(503, 2);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_gmail1"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("503").contains("retried at most 1 time(s)");
        assertThat(fake.count()).isEqualTo(2);
    }

    @Test
    void refusedConnectionIsAConnectionFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ComposioSecretProvider p = Fixtures.provider(Fixtures.config("http://127.0.0.1:" + port), ticker, CredentialSink.NONE)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("ca_gmail1"));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.path()).isEqualTo("ca_gmail1");
        }
    }

    @Test
    void aBodyThatIsNotTheDocumentedJsonIsAProviderError() {
        fake.put("ca_odd", "x", "API_KEY", Map.of("api_key", "k")).remove("id");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("ca_odd"));
        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("documented JSON");
    }
}
