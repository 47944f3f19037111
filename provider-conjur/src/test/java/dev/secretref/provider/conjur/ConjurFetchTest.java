package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.FakeTicker;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single reads: GET /secrets/{account}/variable/{id}[?version=N] answers the raw value
 * (https://github.com/cyberark/conjur-openapi-spec/blob/main/spec/secrets.yml, "getSecret"; ids URL-encoded,
 * prod/aws/db-password → prod%2Faws%2Fdb-password, spec/openapi.yml "ResourceID"); 403 and 401 have empty bodies and
 * 404 a JSON error body (https://github.com/cyberark/conjur/blob/master/app/controllers/application_controller.rb).
 */
final class ConjurFetchTest {
    private final FakeConjur fake = Fixtures.fake();
    private final ConjurSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void valuesComeBackExactlyAsStored() {
        Map<String, String> values = Map.of(
                "v/zero", "0", "v/false", "false", "v/null", "null", "v/json", "{\"user\":\"app\",\"port\":5432}",
                "v/spaces", "  padded value with newline\n", "v/unicode", "Grüße 世界 🔐");
        values.forEach(fake::put);

        values.forEach((id, v) -> assertThat(provider.fetch(id)).as(id).isEqualTo(v));
    }

    @Test
    void variableIdIsUrlEncodedWholeWithSlashesAsPercent2F() {
        fake.put("prod/aws/db+pw@ops&x y", "v");

        assertThat(provider.fetch("prod/aws/db+pw@ops&x y")).isEqualTo("v");
        assertThat(fake.requests("GET", "/secrets/").get(0).path())
                .isEqualTo("/secrets/myorg/variable/prod%2Faws%2Fdb%2Bpw%40ops%26x%20y");
    }

    @Test
    void versionSuffixReadsThatVersion() {
        fake.put("app/key", "first").put("app/key", "second").put("app/key", "third");

        assertThat(provider.fetch("app/key?version=2")).isEqualTo("second");
        assertThat(provider.fetch("app/key")).isEqualTo("third");
        assertThat(fake.requests("GET", "/secrets/").get(0).query()).isEqualTo("version=2");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/key?version=9"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("version");
        assertThat(e.path()).isEqualTo("app/key?version=9");
    }

    @Test
    void missingVariableIsNotFoundWithoutQuotingConjursBody() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/missing"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo("app/missing");
        assertThat(e.getMessage()).contains("404").doesNotContain("CONJ00076E");
    }

    @Test
    void declaredVariableWithoutValueIsNotFound() {
        fake.declare("app/never-set");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/never-set"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("no value");
    }

    @Test
    void emptyAnswerIsNotFoundVariableHasNoValue() {
        fake.put("app/x", "v");
        fake.secret().failNext(1, Response.empty(200));   // 200 with an empty body

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/x"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("variable has no value");
    }

    @Test
    void forbiddenVariableIsAccessDeniedNamingTheExecutePrivilege() {
        fake.put("app/locked", "v").withoutExecute("app/locked");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/locked"));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("403", "execute");
        assertThat(e.path()).isEqualTo("app/locked");
    }

    @Test
    void unprocessableRequestIsAValidationError() {
        fake.put("app/x", "v");
        fake.secret().failNext(1, Response.empty(422));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/x"));

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.path()).isEqualTo("app/x");
    }

    @Test
    void unavailableServerIsRetriedABoundedNumberOfTimesThenUnreachable() {
        fake.put("app/x", "v");
        fake.secret().failNext(5, Response.empty(503));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/x"));

        assertThat(e.code()).as("5xx after retries: the store is not reachable (DESIGN §4)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("503");
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(3);
    }

    @Test
    void transientServerErrorsRecoverWithinTheRetries() {
        fake.put("app/x", "v");
        fake.secret().failNext(2, Response.empty(502));

        assertThat(provider.fetch("app/x")).isEqualTo("v");
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(3);
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsThrottled() {
        fake.put("app/x", "v");
        fake.secret().failNext(3, Response.empty(429));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("app/x"));

        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
    }

    @Test
    void hungServerTimesOutWithoutRetrying() {
        fake.put("app/x", "v");
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("readTimeout", "300ms");
        ConjurSecretProvider p = Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
        p.fetch("app/x");   // authenticated while the server answered
        fake.server().stall();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("app/x"));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.path()).isEqualTo("app/x");
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(2);
    }

    @Test
    void hungAuthenticationTimesOut() {
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("readTimeout", "300ms");
        ConjurSecretProvider p = Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
        fake.server().stall();

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("app/x"));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).startsWith("Authenticating to Conjur failed");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
    }

    @Test
    void malformedPathIsRejectedBeforeAnyCall() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("/app/x"));

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(fake.requests()).isEmpty();
    }
}
