package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.testkit.TestProviderContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication and token reuse. Wire shapes follow the Conjur API reference
 * (https://github.com/cyberark/conjur-openapi-spec/blob/main/spec/authentication.yml, "DefaultAuthenticate":
 * login URL-encoded as host%2Fwebserver, API key as the body, Accept-Encoding: base64, then
 * Authorization: Token token="<base64 token>") and the server's authenticate_controller.rb; see {@link FakeConjur}.
 */
final class ConjurAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeConjur fake = Fixtures.fake().put("app/db/password", "s3cr3t-value");
    private final FakeTicker ticker = new FakeTicker();
    private final ConjurSecretProvider provider = Fixtures.provider(Fixtures.config(fake.url()), ticker, ConjurUrls.MAX_URL_LENGTH);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void loginIsUrlEncodedAndTheApiKeyIsTheBody() {
        assertThat(provider.fetch("app/db/password")).isEqualTo("s3cr3t-value");

        List<Request> authn = fake.requests("POST", "/authn/");
        assertThat(authn).hasSize(1);
        Request r = authn.get(0);
        assertThat(r.path()).isEqualTo("/authn/myorg/host%2Fapps%2Fmy-service/authenticate");
        assertThat(r.body()).isEqualTo(Fixtures.API_KEY);
        assertThat(r.header("Accept-Encoding")).isEqualTo("base64");
    }

    @Test
    void secretsCarryTheBase64TokenInTheConjurAuthorizationScheme() throws Exception {
        provider.fetch("app/db/password");

        String authorization = fake.requests("GET", "/secrets/").get(0).header("Authorization");
        assertThat(authorization).startsWith("Token token=\"").endsWith("\"");
        String base64 = authorization.substring("Token token=\"".length(), authorization.length() - 1);
        JsonNode token = JSON.readTree(Base64.getDecoder().decode(base64));
        assertThat(token.get("protected").asText()).isEqualTo(FakeConjur.TOKEN_PROTECTED);
        assertThat(token.has("payload")).isTrue();
        assertThat(token.has("signature")).isTrue();
    }

    @Test
    void jsonTokenIsBase64EncodedHereWhenTheServerIgnoresAcceptEncoding() {
        fake.base64Tokens(false);

        assertThat(provider.fetch("app/db/password")).isEqualTo("s3cr3t-value");
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(1);   // no 401: the token we built was accepted
    }

    @Test
    void aThousandFetchesInFiveMinutesCostOneAuthentication() {
        for (int i = 0; i < 1000; i++) {
            assertThat(provider.fetch("app/db/password")).isEqualTo("s3cr3t-value");
            ticker.advance(Duration.ofMillis(300));
        }
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(1000);
    }

    @Test
    void tokenIsRenewedBeforeItsEightMinuteLifeEnds() {
        provider.fetch("app/db/password");
        ticker.advance(Duration.ofMinutes(6).minusSeconds(1));
        provider.fetch("app/db/password");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(2));
        provider.fetch("app/db/password");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(2);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(3);   // renewed ahead of time: no call was refused
    }

    @Test
    void expiredTokenIsRenewedOnce() {
        provider.fetch("app/db/password");
        fake.expireTokens();

        assertThat(provider.fetch("app/db/password")).isEqualTo("s3cr3t-value");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(2);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(3);   // ok, 401, ok
    }

    @Test
    void persistentRejectionFailsAfterOneReauthentication() {
        fake.secret().failNext(10, Response.empty(401));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/db/password"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.path()).isEqualTo("app/db/password");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(2);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(2);
    }

    @Test
    void wrongApiKeyIsAnAuthenticationFailureThatNamesWhatToCheckButNotTheKey() {
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", "1wrongkey9xk2ndq8fz3hq5t8v9w0r5y7d1z3wz2hd6z4c5yss2h");
        ConjurSecretProvider wrong = Fixtures.provider(config, ticker, ConjurUrls.MAX_URL_LENGTH);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> wrong.fetch("app/db/password"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("401", "loginId", "apiKey", "host/apps/my-service")
                .doesNotContain("1wrongkey9xk2ndq8fz3hq5t8v9w0r5y7d1z3wz2hd6z4c5yss2h").doesNotContain(Fixtures.API_KEY);
        assertThat(fake.count("GET", "/secrets/")).isZero();
    }

    @Test
    void concurrentCallersShareOneAuthentication() throws Exception {
        fake.authn().delay(Duration.ofMillis(300));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> {
                    start.await();
                    return provider.fetch("app/db/password");
                });
            }
            List<Future<String>> futures = new ArrayList<>();
            calls.forEach(c -> futures.add(pool.submit(c)));
            start.countDown();
            for (Future<String> f : futures) assertThat(f.get()).isEqualTo("s3cr3t-value");
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(16);
    }

    @Test
    void aFailedAuthenticationPostIsNotRepeatedButTheNextCallTriesAgain() {
        fake.authn().failNext(1, Response.empty(503));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/db/password"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(fake.count("POST", "/authn/")).as("a POST that reached Conjur is not replayed").isEqualTo(1);

        assertThat(provider.fetch("app/db/password")).isEqualTo("s3cr3t-value");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(2);
    }

    @Test
    void everyAccessTokenIsDeclaredToTheContextAndDiscardedWhenReplaced() {
        try (TestProviderContext context = new TestProviderContext()) {
            ConjurSecretProvider p = ConjurProviderFactory.create(Fixtures.providerConfig(Fixtures.config(fake.url())),
                    Fixtures.FAST_RETRY, context, ConjurUrls.MAX_URL_LENGTH);
            p.fetch("app/db/password");
            String first = tokenOf(fake.requests("GET", "/secrets/").get(0).header("Authorization"));
            assertThat(context.liveCredentials()).containsExactly(first);

            context.fakeTicker().advance(Duration.ofMinutes(7));
            p.fetch("app/db/password");
            String second = tokenOf(fake.requests("GET", "/secrets/").get(1).header("Authorization"));
            assertThat(second).isNotEqualTo(first);
            assertThat(context.liveCredentials()).containsExactly(second);

            p.close();
            assertThat(context.liveCredentials()).isEmpty();
        }
    }

    private static String tokenOf(String authorization) {
        return authorization.substring("Token token=\"".length(), authorization.length() - 1);
    }

    @Test
    void neitherTheApiKeyNorTheTokenAppearsInToString() {
        provider.fetch("app/db/password");
        String authorization = fake.requests("GET", "/secrets/").get(0).header("Authorization");
        String token = authorization.substring("Token token=\"".length(), authorization.length() - 1);

        assertThat(provider.toString()).contains("host/apps/my-service", "██")
                .doesNotContain(Fixtures.API_KEY).doesNotContain(token);
        assertThat(new AccessToken(token, 0).toString()).doesNotContain(token);
    }
}
