package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.testkit.SearchPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code search} through {@link SecretResolver#search} against {@link FakeSecretManager}'s {@code secrets.list}
 * ({@code pageSize} up to 25,000, {@code pageToken}, {@code filter=name:...}; secrets newest {@code createTime} first;
 * {@code totalSize} 0 once a filter is set: https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/list,
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/ListSecretsResponse,
 * https://cloud.google.com/secret-manager/docs/filtering) and {@code versions.get} for update times
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/get).
 */
final class GcpSearchTest {
    private static final ResolutionContext NONE = ResolutionContext.none();
    private static final String LIST = "GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets";
    private final FakeSecretManager fake = Fixtures.fake();
    private final List<SecretResolver> resolvers = new ArrayList<>();

    GcpSearchTest() {
        fake.listPageSize = Integer.MAX_VALUE;   // the service honours pageSize (up to 25,000)
    }

    @AfterEach
    void stop() {
        resolvers.forEach(SecretResolver::close);
        fake.close();
    }

    private SecretResolver resolver(ManagerDefinition definition) {
        SecretResolver r = SecretResolver.builder().manager(definition).build();
        resolvers.add(r);
        return r;
    }

    private SecretResolver resolver() {
        return resolver(ManagerDefinition.of("sm", "gcp", Fixtures.config(fake)));
    }

    private void seed(int n) {
        for (int i = 0; i < n; i++) fake.put(String.format("app-%02d", i), "value-" + i);
    }

    @Test
    void pagesThroughTheResolverNeitherOverlapNorSkipWithOneListCallPerPage() {
        seed(60);
        SecretResolver resolver = resolver();
        SearchPages pages = SearchPages.walk(resolver, "sm", SecretQuery.all().limit(20), NONE, () -> fake.calls(LIST));

        List<String> newestFirst = new ArrayList<>();
        for (int i = 59; i >= 0; i--) newestFirst.add(String.format("app-%02d", i));
        assertThat(pages.paths()).containsExactlyElementsOf(newestFirst);
        assertThat(pages.callsPerPage()).containsExactly(1, 1, 1);
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets")).allSatisfy(r -> assertThat(r.queryParam("filter")).isNull())
                .extracting(r -> r.queryParam("pageSize")).containsExactly("21", "41", "61");   // offset + limit + 1
        assertThat(pages.pages()).allSatisfy(p -> assertThat(p.total()).hasValue(60));   // totalSize, as nothing narrows the listing
        assertThat(fake.callsContaining(":access")).isZero();
        assertThat(fake.callsContaining("/versions/")).isZero();
    }

    @Test
    void pagingForwardThroughATextQueryCostsOneCallPerPageAndAJumpAheadIsRight() {
        for (int i = 0; i < 500; i++) fake.put(String.format("s%03d-%s", i, i % 2 == 0 ? "Slack" : "other"), "v");
        SecretResolver resolver = resolver();
        SecretQuery query = SecretQuery.of("slack").limit(10);   // letters: matched here, not sent as a filter
        List<Integer> callsPerPage = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            int before = fake.calls(LIST);
            resolver.search("sm", query.offset(page * 10), NONE).items().forEach(i -> seen.add(i.path()));
            callsPerPage.add(fake.calls(LIST) - before);
        }
        assertThat(seen).hasSize(100).doesNotHaveDuplicates().allMatch(p -> p.endsWith("-Slack"))
                .startsWith("s498-Slack").endsWith("s300-Slack");                       // newest first
        // page 1 asks for 11 secrets, then 250 more to see its 11th match; each later page resumes in those 250
        // (walking from the start each time would have cost 2 calls a page, each asking for offset + limit + 1)
        assertThat(callsPerPage).containsExactly(2, 1, 1, 1, 1, 1, 1, 1, 1, 1);

        int before = fake.calls(LIST);
        SecretPage far = resolver.search("sm", query.offset(200), NONE);
        assertThat(far.items()).extracting(SecretInfo::path).hasSize(10).startsWith("s098-Slack").endsWith("s080-Slack");
        assertThat(far.hasMore()).isTrue();
        // from the nearest remembered point, match 100 (secret 11 to 260 of the listing), then the next 250
        assertThat(fake.calls(LIST) - before).isEqualTo(2);
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets")).allSatisfy(r -> assertThat(r.queryParam("filter")).isNull());
    }

    @Test
    void aQueryMatchesNamesCaseInsensitively() {
        fake.put("Prod-DB", "a");
        fake.put("prod-cache", "b");
        fake.put("staging-db", "c");
        fake.put("reproduce", "d");

        SecretPage page = resolver().search("sm", SecretQuery.of("PROD"), NONE);

        assertThat(page.items()).extracting(SecretInfo::path).containsExactlyInAnyOrder("Prod-DB", "prod-cache", "reproduce");
        // letters: Google's name: filter may not ignore case, so the text is matched here, not sent
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets")).singleElement()
                .satisfies(r -> assertThat(r.queryParam("filter")).isNull());
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items().toString()).doesNotContain("value");
    }

    @Test
    void aPrefixGoesToGoogleAsANameFilterAndTheTotalIsLeftOut() {
        seed(5);
        fake.put("other-01", "x");

        SecretPage page = resolver().search("sm", SecretQuery.all().under("app-0"), NONE);

        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("app-04", "app-03", "app-02", "app-01", "app-00");
        assertThat(fake.calls(LIST)).isEqualTo(1);
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets").get(0).queryParam("filter")).isEqualTo("name:app-0");
        assertThat(page.total()).hasValue(5);   // the walk reached the end, so the count is known
    }

    @Test
    void aTextWithoutLettersGoesToGoogleAsANameFilterToo() {
        seed(12);

        SecretPage page = resolver().search("sm", SecretQuery.of("-1").under("app"), NONE);

        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("app-11", "app-10");
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets").get(0).queryParam("filter")).isEqualTo("name:app");
        // "-1" starts with '-', which the filter language reads as NOT: matched here instead
        SecretPage digits = resolver().search("sm", SecretQuery.of("01"), NONE);
        assertThat(digits.items()).extracting(SecretInfo::path).containsExactly("app-01");
        assertThat(fake.server().requests("GET", "/v1/projects/[^/]+/secrets").get(1).queryParam("filter")).isEqualTo("name:01");
    }

    @Test
    void creationTimesComeWithTheListingAndUpdateTimesOnlyWhenAsked() {
        fake.put("db", "v1");
        fake.put("api", "v1");
        fake.put("db", "v2");   // a newer version: db's update time is its creation
        SecretResolver resolver = resolver();

        SecretPage plain = resolver.search("sm", SecretQuery.all(), NONE);
        assertThat(plain.items()).allSatisfy(i -> {
            assertThat(i.createdAt()).isPresent();
            assertThat(i.updatedAt()).isEmpty();
        });
        assertThat(fake.callsContaining("/versions/")).isZero();

        SecretPage timed = resolver.search("sm", SecretQuery.all().withTimestamps(), NONE);
        SecretInfo db = timed.items().stream().filter(i -> i.path().equals("db")).findFirst().orElseThrow();
        SecretInfo api = timed.items().stream().filter(i -> i.path().equals("api")).findFirst().orElseThrow();
        assertThat(db.createdAt()).contains(Instant.parse("2025-01-02T03:04:05.123456Z"));
        assertThat(db.updatedAt()).contains(Instant.parse("2025-01-02T03:04:09.123456Z"));
        assertThat(api.updatedAt()).isEqualTo(Optional.of(Instant.parse("2025-01-02T03:04:08.123456Z")));
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets/db/versions/latest")).isEqualTo(1);
        assertThat(fake.callsContaining("/versions/latest")).isEqualTo(2);   // one versions.get per item of the page
        assertThat(fake.callsContaining(":access")).isZero();
    }

    @Test
    void aCallerOutsideTheManagersScopeIsDeniedBeforeAnyRequest() {
        seed(3);
        SecretResolver resolver = resolver(ManagerDefinition.of("sm", "gcp", Fixtures.config(fake)).scope(Scope.projects("p1")));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("sm", SecretQuery.all(), ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.totalCalls()).isZero();
        assertThat(resolver.search("sm", SecretQuery.all(), ResolutionContext.project("p1")).items()).hasSize(3);
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeItIsPaged() {
        seed(30);
        SecretResolver resolver = resolver(ManagerDefinition.of("sm", "gcp", Fixtures.config(fake)).allowPaths("app-1*"));

        SecretPage first = resolver.search("sm", SecretQuery.all().limit(6), NONE);
        SecretPage second = resolver.search("sm", SecretQuery.all().offset(6).limit(6), NONE);

        assertThat(first.items()).extracting(SecretInfo::path).containsExactly("app-19", "app-18", "app-17", "app-16", "app-15", "app-14");
        assertThat(first.hasMore()).isTrue();
        assertThat(first.total()).isEmpty();
        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("app-13", "app-12", "app-11", "app-10");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void listingWithoutPermissionIsAccessDeniedNamingTheViewerRole() {
        seed(2);
        fake.deny("*list*");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver().search("sm", SecretQuery.all(), NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("roles/secretmanager.viewer").contains("secretmanager.secrets.list");
    }
}
