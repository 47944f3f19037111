package dev.secretref.provider.conjur;

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
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.SearchPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} over Conjur's {@code GET /resources/{account}/variable?limit=&offset=&search=}
 * (https://github.com/cyberark/conjur/blob/master/apidocs/src/list_resources.md, and ResourcesController#index /
 * Resource.search in cyberark/conjur: ordered by resource id when limit or offset is given; {@code search} is a
 * whole-word full-text search). Remote calls per page are counted from the fake's journal.
 */
final class ConjurSearchTest {
    private static final ResolutionContext P1 = ResolutionContext.project("p1");

    private final FakeConjur fake = Fixtures.fake();
    private SecretResolver resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())));

    private static SecretResolver resolver(ManagerDefinition definition) {
        return SecretResolver.builder().manager(definition).build();
    }

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    private List<Request> listings() {
        return fake.requests("GET", "/resources/");
    }

    /** Every page of {@code query}. */
    private List<SecretPage> allPages(SecretQuery query) {
        return SearchPages.walk(resolver, "conjur", query, ResolutionContext.none()).pages();
    }

    @Test
    void pagingWithoutAFilterUsesConjursOffsetOneCallPerPage() {
        for (int i = 0; i < 25; i++) fake.put(String.format("apps/svc-%02d/token", i), "secret-" + i);

        SearchPages walk = SearchPages.walk(resolver, "conjur", SecretQuery.all().limit(10), ResolutionContext.none(),
                () -> listings().size());
        List<SecretPage> pages = walk.pages();
        List<String> seen = walk.paths();
        assertThat(walk.callsPerPage()).as("remote calls per page").containsOnly(1);

        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(0)).isEqualTo("apps/svc-00/token");
        assertThat(listings()).extracting(Request::query)
                .containsExactly("limit=11&offset=0", "limit=11&offset=10", "limit=11&offset=20");
        assertThat(pages.get(0).total()).isEmpty();
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(25));
        assertThat(fake.count("GET", "/secrets")).as("no value read").isZero();
    }

    @Test
    void aQueryIsMatchedCaseInsensitivelyAsASubstringAndPagedWithoutOverlap() {
        for (int i = 0; i < 150; i++) {
            fake.put(String.format("apps/k%03d-%s", i, i % 3 == 0 ? "SlackBot" : "other"), "v");
        }
        // 50 names hold "slack" (any case); Conjur's word search could not find "SlackBot" from "slack"
        List<SecretPage> pages = allPages(SecretQuery.of("slack").limit(20));

        List<String> seen = pages.stream().flatMap(p -> p.items().stream()).map(SecretInfo::path).toList();
        assertThat(pages).hasSize(3);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates().isSorted().allMatch(p -> p.contains("SlackBot"));
        assertThat(pages.get(2).total()).isEqualTo(OptionalLong.of(50));
        // pages of 100 with no search words; every third of the 150 names matches; a later page resumes at the
        // Conjur offset of the page holding its first match (remembered when the page before it was served)
        assertThat(listings()).extracting(Request::query).containsExactly(
                "limit=100&offset=0",                          // page 1: matches 1-21 lie in the first 100
                "limit=100&offset=0", "limit=100&offset=100",  // page 2: from match 21 (name 60); the peek is beyond 100
                "limit=100&offset=100");                       // page 3: from match 41 (name 120) to the end
    }

    @Test
    void pagingForwardThroughAFilteredQueryCostsAboutOneCallPerPageAndAJumpAheadIsRight() {
        for (int i = 0; i < 1_000; i++) fake.put(String.format("apps/k%04d-%s", i, i % 2 == 0 ? "Slack" : "other"), "v");
        SecretQuery query = SecretQuery.of("slack").limit(25);
        List<Integer> callsPerPage = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            int before = listings().size();
            resolver.search("conjur", query.offset(page * 25), ResolutionContext.none()).items().forEach(i -> seen.add(i.path()));
            callsPerPage.add(listings().size() - before);
        }
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted().allMatch(p -> p.endsWith("-Slack"));
        assertThat(seen.get(249)).isEqualTo("apps/k0498-Slack");
        // a page of 25 matches spans 50 names: it stays in one Conjur page of 100 or crosses into the next
        // (walking from the start each time would have cost 1, 1, 2, 2, 3, 3, ... 6 calls)
        assertThat(callsPerPage).containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 2);

        int before = listings().size();
        SecretPage far = resolver.search("conjur", query.offset(400), ResolutionContext.none());
        assertThat(far.items()).extracting(SecretInfo::path).hasSize(25).startsWith("apps/k0800-Slack").endsWith("apps/k0848-Slack");
        assertThat(far.hasMore()).isTrue();
        // from the nearest remembered point, match 250 (name 500): Conjur offsets 500, 600, 700, 800
        assertThat(listings().subList(before, listings().size())).extracting(Request::query).containsExactly(
                "limit=100&offset=500", "limit=100&offset=600", "limit=100&offset=700", "limit=100&offset=800");
        assertThat(fake.count("GET", "/secrets")).as("no value read").isZero();
    }

    @Test
    void aPrefixSendsItsCompleteSegmentsAsSearchWords() {
        fake.put("prod/db/password", "x").put("prod/db/user", "x").put("prod/dbx/other", "x").put("staging/prod/db/x", "x");

        SecretPage page = resolver.search("conjur", SecretQuery.of("PASS").under("prod/db/"), ResolutionContext.none());

        assertThat(page.items()).extracting(SecretInfo::path).containsExactly("prod/db/password");
        assertThat(page.hasMore()).isFalse();
        assertThat(listings()).extracting(Request::query).containsExactly("limit=100&offset=0&search=prod%2Fdb");
    }

    @Test
    void itemsCarryConjursCreatedAtAndNoUpdateTime() {
        fake.put("a/one", "v1").put("a/two", "v2");

        List<SecretInfo> items = resolver.search("conjur", SecretQuery.all().withTimestamps(), ResolutionContext.none()).items();

        assertThat(items).extracting(SecretInfo::createdAt).containsExactly(
                Optional.of(Instant.parse("2026-11-01T10:00:00Z")), Optional.of(Instant.parse("2026-11-01T10:01:00Z")));
        assertThat(items).extracting(SecretInfo::updatedAt).containsOnly(Optional.empty());
        assertThat(listings()).hasSize(1);
        assertThat(fake.count("GET", "/secrets")).as("timestamps need no value read").isZero();
    }

    @Test
    void aCallerOutsideTheManagersScopeIsDeniedBeforeAnyRequest() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())).scope(Scope.projects("p1")));
        fake.put("a/one", "v1");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("conjur", SecretQuery.all(), ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(fake.requests()).isEmpty();
        assertThat(resolver.search("conjur", SecretQuery.all(), P1).items()).extracting(SecretInfo::path).containsExactly("a/one");
    }

    @Test
    void anAllowListNarrowsTheListingAndDisablesConjursOffset() {
        resolver.close();
        resolver = resolver(ManagerDefinition.of("conjur", "cyberark-conjur", Fixtures.config(fake.url())).allowPaths("team/**"));
        for (int i = 0; i < 30; i++) fake.put((i % 2 == 0 ? "team/" : "other/") + String.format("k%02d", i), "v");

        SecretPage second = resolver.search("conjur", SecretQuery.all().offset(5).limit(5), ResolutionContext.none());

        assertThat(second.items()).extracting(SecretInfo::path).containsExactly("team/k10", "team/k12", "team/k14", "team/k16", "team/k18");
        assertThat(second.hasMore()).isTrue();
        assertThat(listings()).extracting(Request::query).containsExactly("limit=100&offset=0");
    }

    @Test
    void listingWithoutPrivilegeIsAccessDeniedNamingTheGrant() {
        fake.resources().failNext(1, Response.empty(403));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.search("conjur", SecretQuery.all(), ResolutionContext.none()));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'read'");
    }
}
