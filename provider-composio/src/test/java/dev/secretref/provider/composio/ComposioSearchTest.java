package dev.secretref.provider.composio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} over Composio's {@code GET /api/{version}/connected_accounts?limit=&cursor=&order_by=
 * &order_direction=} (https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccounts): no name
 * filter and no offset, only a cursor, so a first page walks from the oldest account and a later page resumes at the
 * cursor where the page before it stopped. Remote calls per page are counted from the fake's journal.
 */
final class ComposioSearchTest {
    private final FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
    private SecretResolver resolver = resolver(ManagerDefinition.of("composio", "composio", Fixtures.config(fake.url())));

    private static SecretResolver resolver(ManagerDefinition definition) {
        return SecretResolver.builder().manager(definition).build();
    }

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    private SecretPage search(SecretQuery query) {
        return resolver.search("composio", query, ResolutionContext.none());
    }

    @Test
    void pagingWithoutAFilterWalksOldestFirstAndStopsAtTheLastItemUsingTotalItems() {
        for (int i = 0; i < 250; i++) fake.oauth2(String.format("ca_acct%04d", i), "gmail", "ya29.secret-token-" + i);

        SearchPages walk = SearchPages.walk(resolver, "composio", SecretQuery.all().limit(100), ResolutionContext.none(), fake::count);
        List<SecretPage> pages = walk.pages();
        List<String> seen = walk.paths();
        List<Integer> callsPerPage = walk.callsPerPage();

        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted();   // oldest first: seeded in id order
        // each later page resumes at the cursor of the page holding its first account
        assertThat(callsPerPage).containsExactly(1, 1, 1);
        assertThat(pages).extracting(SecretPage::total).containsOnly(OptionalLong.of(250));
        assertThat(fake.requests()).allSatisfy(r -> {
            assertThat(r.queryParams()).containsEntry("limit", List.of("100")).containsEntry("order_by", List.of("created_at")).containsEntry("order_direction", List.of("asc"));
            assertThat(r.path()).isEqualTo("/api/v3.1/connected_accounts");
        });
        assertThat(seen).noneMatch(p -> p.contains("ya29"));
    }

    @Test
    void aQueryMatchesIdsCaseInsensitivelyAcrossPagesWithoutOverlap() {
        for (int i = 0; i < 150; i++) fake.oauth2(String.format("ca_%s%03d", i % 3 == 0 ? "SlackX" : "other", i), "slack", "t" + i);

        SearchPages walk = SearchPages.walk(resolver, "composio", SecretQuery.of("slackx").limit(20), ResolutionContext.none(), fake::count);
        List<SecretPage> pages = walk.pages();
        List<Integer> callsPerPage = walk.callsPerPage();

        List<String> seen = walk.paths();
        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates().allMatch(p -> p.startsWith("ca_SlackX"));
        // every third account matches: match 21 (page 1's peek) is account 60, so page 2 resumes in the first remote page
        // and peeks at match 41, account 120, in the second; page 3 resumes there and reads to the end
        assertThat(callsPerPage).containsExactly(1, 2, 1);
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(50));
    }

    @Test
    void pagingForwardThroughAFilteredQueryCostsAboutOneCallPerPageAndAJumpAheadIsRight() {
        for (int i = 0; i < 1_000; i++) fake.oauth2(String.format("ca_%04d_%s", i, i % 2 == 0 ? "Slack" : "other"), "slack", "t" + i);
        SecretQuery query = SecretQuery.of("slack").limit(25);
        List<Integer> callsPerPage = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            int before = fake.count();
            search(query.offset(page * 25)).items().forEach(i -> seen.add(i.path()));
            callsPerPage.add(fake.count() - before);
        }
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted().allMatch(p -> p.endsWith("_Slack"));
        assertThat(seen.get(249)).isEqualTo("ca_0498_Slack");
        // a page of 25 matches spans 50 accounts: it stays in one remote page of 100 or crosses into the next
        // (walking from the oldest account each time would have cost 1, 1, 2, 2, 3, 3, ... 6 calls)
        assertThat(callsPerPage).containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 2);

        int before = fake.count();
        SecretPage far = search(query.offset(400));
        assertThat(far.items()).extracting(SecretInfo::path).hasSize(25).startsWith("ca_0800_Slack").endsWith("ca_0848_Slack");
        assertThat(far.hasMore()).isTrue();
        // from the nearest remembered point, match 250 (account 500): the remote pages of accounts 500 to 899
        assertThat(fake.count() - before).isEqualTo(4);
    }

    @Test
    void itemsCarryCreatedAndUpdatedTimesFromTheListing() {
        fake.oauth2("ca_one", "gmail", "t1");
        fake.oauth2("ca_two", "gmail", "t2");

        List<SecretInfo> items = search(SecretQuery.all().withTimestamps()).items();

        assertThat(items).extracting(SecretInfo::path).containsExactly("ca_one", "ca_two");
        assertThat(items).extracting(SecretInfo::createdAt)
                .containsExactly(Optional.of(Instant.parse("2026-11-01T10:00:00Z")), Optional.of(Instant.parse("2026-11-01T10:01:00Z")));
        assertThat(items).extracting(SecretInfo::updatedAt).containsOnly(Optional.of(Instant.parse("2026-11-20T08:30:00Z")));
        assertThat(items).extracting(SecretInfo::description).containsOnly("gmail, ACTIVE");
        assertThat(fake.count()).as("the listing alone").isEqualTo(1);
    }

    @Test
    void aCallerOutsideTheManagersScopeIsDeniedBeforeAnyRequest() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("composio", "composio", Fixtures.config(fake.url())).scope(Scope.projects("p1")));
        fake.oauth2("ca_one", "gmail", "t1");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("composio", SecretQuery.all(), ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.count()).isZero();
        assertThat(resolver.search("composio", SecretQuery.all(), ResolutionContext.project("p1")).items())
                .extracting(SecretInfo::path).containsExactly("ca_one");
    }

    @Test
    void anAllowListNarrowsTheListing() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("composio", "composio", Fixtures.config(fake.url())).allowPaths("ca_team*"));
        for (int i = 0; i < 30; i++) fake.oauth2(String.format(i % 2 == 0 ? "ca_team%02d" : "ca_other%02d", i), "gmail", "t" + i);

        SecretPage second = search(SecretQuery.all().offset(5).limit(5));

        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("ca_team10", "ca_team12", "ca_team14", "ca_team16", "ca_team18");
        assertThat(second.hasMore()).isTrue();
        assertThat(second.total()).as("total_items counts what the caller may not see").isEmpty();
        assertThat(fake.count()).isEqualTo(1);
    }

    @Test
    void listingWithAKeyScopedAwayFromConnectedAccountsIsAccessDenied() {
        fake.forbidAll(403);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> search(SecretQuery.all()));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("read access to connected accounts");
    }
}
