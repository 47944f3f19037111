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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} over Composio's {@code GET /api/{version}/connected_accounts?limit=&cursor=&order_by=
 * &order_direction=} (https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccounts): no name
 * filter and no offset, only a cursor, so every page walks from the oldest account. Remote calls per page are counted
 * from the fake's journal.
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

        List<String> seen = new ArrayList<>();
        List<Integer> callsPerPage = new ArrayList<>();
        List<SecretPage> pages = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            int before = fake.count();
            SecretPage page = search(SecretQuery.all().offset(offset).limit(100));
            callsPerPage.add(fake.count() - before);
            pages.add(page);
            page.items().forEach(i -> seen.add(i.path()));
            if (!page.hasMore()) break;
        }

        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted();   // oldest first: seeded in id order
        assertThat(callsPerPage).containsExactly(1, 2, 3);
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

        List<SecretPage> pages = new ArrayList<>();
        List<Integer> callsPerPage = new ArrayList<>();
        for (int offset = 0; ; offset += 20) {
            int before = fake.count();
            SecretPage page = search(SecretQuery.of("slackx").offset(offset).limit(20));
            callsPerPage.add(fake.count() - before);
            pages.add(page);
            if (!page.hasMore()) break;
        }

        List<String> seen = pages.stream().flatMap(p -> p.items().stream()).map(SecretInfo::path).toList();
        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates().allMatch(p -> p.startsWith("ca_SlackX"));
        // every third account matches: match 21 (page 1's peek) is account 60, match 41 is account 120, page 3 reads to the end
        assertThat(callsPerPage).containsExactly(1, 2, 2);
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(50));
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
