package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
 * checkConnection: authenticate, then GET /whoami (https://github.com/cyberark/conjur-openapi-spec/blob/main/spec/status.yml,
 * "WhoAmI"), naming the step that failed; and a Conjur Cloud style base URL with an /api path and account "conjur".
 */
final class ConjurConnectionTest {
    private final FakeConjur fake = Fixtures.fake();

    @AfterEach
    void stop() {
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void checkConnectionAuthenticatesThenAsksWhoami() {
        ConjurSecretProvider p = Fixtures.provider(fake);

        assertThatCode(p::checkConnection).doesNotThrowAnyException();

        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
        assertThat(fake.requests("GET", "/whoami")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).startsWith("Token token=\""));
    }

    @Test
    void checkConnectionSaysAuthenticationFailed() {
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("loginId", "host/apps/unknown");
        ConjurSecretProvider p = Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).startsWith("Step 1 of 2 (authenticate").contains("host/apps/unknown").doesNotContain(Fixtures.API_KEY);
        assertThat(fake.count("GET", "/whoami")).isZero();
    }

    @Test
    void checkConnectionSaysWhoamiFailed() {
        fake.whoami().failNext(3, Response.empty(500));   // 500 is retried (3 attempts): fail them all
        ConjurSecretProvider p = Fixtures.provider(fake);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("Step 2 of 2 (GET /whoami");
    }

    @Test
    void checkConnectionAgainstNoServerIsUnreachable() {
        String url = fake.url();
        fake.close();
        ConjurSecretProvider p = Fixtures.provider(Fixtures.config(url), new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("Step 1 of 2");
    }

    @Test
    void conjurCloudStyleUrlWithApiPathAndAccountConjurWorks() throws Exception {
        try (FakeConjur cloud = FakeConjur.startUnder("/api", "conjur", "host/data/apps/billing", Fixtures.API_KEY)) {
            cloud.put("data/vault/billing/db/password", "cloud-value");
            Map<String, Object> config = Fixtures.config(cloud.url() + "/");
            config.put("organizationAccountName", "conjur");
            config.put("loginId", "host/data/apps/billing");
            ConjurSecretProvider p = Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

            assertThat(p.fetch("data/vault/billing/db/password")).isEqualTo("cloud-value");
            assertThatCode(p::checkConnection).doesNotThrowAnyException();
            assertThat(cloud.requests("POST", "/authn/").get(0).path())
                    .isEqualTo("/api/authn/conjur/host%2Fdata%2Fapps%2Fbilling/authenticate");
            assertThat(cloud.requests("GET", "/secrets/").get(0).path())
                    .isEqualTo("/api/secrets/conjur/variable/data%2Fvault%2Fbilling%2Fdb%2Fpassword");
        }
    }
}
