package dev.secretref.provider.azure;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code search} walks Get Secrets ({@code GET /secrets?api-version=7.5}, at most 25 items a page, the next page by
 * {@code nextLink}; https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secrets/get-secrets) and stops
 * as soon as the page is full and one more match is seen, through {@link SecretResolver#search}; a later page of the
 * same query resumes at the {@code nextLink} of the remote page where the previous one stopped.
 */
final class AzureSearchTest {
    private static final ResolutionContext NONE = ResolutionContext.none();
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final List<SecretResolver> resolvers = new ArrayList<>();

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
        return resolver(ManagerDefinition.of("kv", "azure", Fixtures.config(fake)));
    }

    /** Get Secrets calls (first pages and nextLink pages alike), not counting the token or challenge requests. */
    private long listCalls() {
        return fake.requests().stream().filter("GET /secrets"::equals).count();
    }

    private void seed(int n) {
        for (int i = 0; i < n; i++) fake.put(String.format("app-%02d", i), "value-" + i);
    }

    @Test
    void pagesThroughTheResolverNeitherOverlapNorSkipAndCostOneCallPer25NamesRead() {
        seed(60);
        SecretResolver resolver = resolver();
        resolver.testConnection("kv");      // the SDK's first request is an unauthenticated challenge: get it out of the count
        SearchPages pages = SearchPages.walk(resolver, "kv", SecretQuery.all().limit(20), NONE, () -> Math.toIntExact(listCalls()));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) expected.add(String.format("app-%02d", i));
        assertThat(pages.paths()).containsExactlyElementsOf(expected);
        // page 1 reads names 0-20 (1 call); page 2 resumes in the first remote page at name 20 and peeks at name 40 in
        // the second (2 calls); page 3 resumes in the second at name 40 and reads to the end (2 calls)
        assertThat(pages.callsPerPage()).containsExactly(1, 2, 2);
        assertThat(fake.server().requests("GET", "/secrets")).allSatisfy(r -> assertThat(r.queryParam("api-version")).isEqualTo("7.5"))
                .filteredOn(r -> r.queryParam("$skiptoken") != null).hasSize(1 + 2);   // the nextLink pages
        assertThat(pages.last().total()).hasValue(60);
        assertThat(fake.unexpected()).isEmpty();
    }

    @Test
    void pagingForwardCostsTheRemotePagesEachPageSpansAndAJumpAheadIsRight() {
        for (int i = 0; i < 500; i++) fake.put(String.format("app-%03d-%s", i, i % 2 == 0 ? "Slack" : "other"), "v");
        SecretResolver resolver = resolver();
        resolver.testConnection("kv");
        SecretQuery query = SecretQuery.of("SLACK").limit(10);
        List<Long> callsPerPage = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            long before = listCalls();
            resolver.search("kv", query.offset(page * 10), NONE).items().forEach(i -> seen.add(i.path()));
            callsPerPage.add(listCalls() - before);
        }
        assertThat(seen).hasSize(100).doesNotHaveDuplicates().isSorted().allMatch(p -> p.endsWith("-Slack"));
        assertThat(seen.get(99)).isEqualTo("app-198-Slack");
        // a page of 10 matches spans 20 names: from the remote page (25 names) of its first match to the one of the
        // match after it, so 1 or 2 calls (walking from the start each time would have cost 1, 2, 3, 4, 4, 5, ... 8)
        assertThat(callsPerPage).containsExactly(1L, 2L, 2L, 2L, 2L, 1L, 2L, 2L, 2L, 2L);

        long before = listCalls();
        SecretPage far = resolver.search("kv", query.offset(200), NONE);
        assertThat(far.items()).extracting(SecretInfo::path).hasSize(10).startsWith("app-400-Slack").endsWith("app-418-Slack");
        assertThat(far.hasMore()).isTrue();
        // from the nearest remembered point, match 100 (name 200, remote page 9) to the peek, match 210 (name 420, page 17)
        assertThat(listCalls() - before).isEqualTo(9);
        assertThat(fake.unexpected()).isEmpty();
    }

    @Test
    void aQueryMatchesNamesCaseInsensitively() {
        fake.put("Prod-DB", "a").put("prod-cache", "b").put("staging-db", "c").put("reproduce", "d");

        SecretPage page = resolver().search("kv", SecretQuery.of("PROD"), NONE);

        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("Prod-DB", "prod-cache", "reproduce");
        assertThat(page.hasMore()).isFalse();
        assertThat(page.items().toString()).doesNotContain("value");
    }

    @Test
    void timesComeWithTheListingWithoutExtraCalls() {
        seed(3);
        SecretResolver resolver = resolver();

        SecretPage page = resolver.search("kv", SecretQuery.all().withTimestamps(), NONE);

        assertThat(page.items()).hasSize(3).allSatisfy(i -> {
            assertThat(i.createdAt()).contains(Fixtures.NOW);
            assertThat(i.updatedAt()).contains(Fixtures.NOW);
        });
        assertThat(fake.requests()).noneMatch(r -> r.startsWith("GET /secrets/"));   // no value read
    }

    @Test
    void aCallerOutsideTheManagersScopeIsDeniedBeforeAnyRequest() {
        seed(3);
        SecretResolver resolver = resolver(ManagerDefinition.of("kv", "azure", Fixtures.config(fake)).scope(Scope.projects("p1")));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("kv", SecretQuery.all(), ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.requests()).isEmpty();
        assertThat(resolver.search("kv", SecretQuery.all(), ResolutionContext.project("p1")).items()).hasSize(3);
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeItIsPaged() {
        seed(30);
        SecretResolver resolver = resolver(ManagerDefinition.of("kv", "azure", Fixtures.config(fake)).allowPaths("app-1*"));

        SecretPage first = resolver.search("kv", SecretQuery.all().limit(6), NONE);
        SecretPage second = resolver.search("kv", SecretQuery.all().offset(6).limit(6), NONE);

        assertThat(first.items()).extracting(SecretInfo::path).containsExactly("app-10", "app-11", "app-12", "app-13", "app-14", "app-15");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("app-16", "app-17", "app-18", "app-19");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void listingWithoutPermissionIsAccessDeniedNamingTheListPermission() {
        seed(2);
        fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver().search("kv", SecretQuery.all(), NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Key Vault Secrets User").contains("List");
    }
}
