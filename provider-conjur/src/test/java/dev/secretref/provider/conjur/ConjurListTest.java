package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * list(prefix) through GET /resources/{account}/variable?limit=&offset=&search=
 * (https://github.com/cyberark/conjur-openapi-spec/blob/main/spec/resources.yml, "showForAccount"): an array of
 * resources whose "id" is the full resource id; pages ordered by id (app/models/resource.rb in cyberark/conjur).
 */
final class ConjurListTest {
    private final FakeConjur fake = Fixtures.fake();
    private final ConjurSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void listingPagesThroughEveryVariableAndReturnsIdsOnly() {
        for (int i = 0; i < 250; i++) fake.put(String.format("apps/svc-%03d/token", i), "secret-" + i);

        List<SecretInfo> all = provider.list("");

        assertThat(all).hasSize(250);
        assertThat(all.get(0).path()).isEqualTo("apps/svc-000/token");
        assertThat(all).extracting(SecretInfo::toString).noneMatch(s -> s.contains("secret-"));
        List<Request> pages = fake.requests("GET", "/resources/");
        assertThat(pages).extracting(Request::query).containsExactly(
                "limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200");
        assertThat(fake.count("GET", "/secrets")).isZero();
    }

    @Test
    void prefixFiltersAndOnlyCompleteSegmentsAreSentAsSearchWords() {
        fake.put("prod/db/password", "x").put("prod/db/user", "x").put("prod/dbx/other", "x")
                .put("prod/api/key", "x").put("staging/db/password", "x");

        assertThat(provider.list("prod/db/")).extracting(SecretInfo::path).containsExactly("prod/db/password", "prod/db/user");
        assertThat(provider.list("prod/d")).extracting(SecretInfo::path)
                .containsExactly("prod/db/password", "prod/db/user", "prod/dbx/other");
        assertThat(provider.list("stag")).extracting(SecretInfo::path).containsExactly("staging/db/password");

        assertThat(fake.requests("GET", "/resources/")).extracting(Request::query).containsExactly(
                "limit=100&offset=0&search=prod%2Fdb",
                "limit=100&offset=0&search=prod",
                "limit=100&offset=0");
    }

    @Test
    void listingWithoutPrivilegeIsAccessDenied() {
        fake.resources().failNext(1, Response.empty(403));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.list(""));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
    }
}
