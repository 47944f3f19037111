package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.testkit.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

final class PagedListingTest {
    private final FakeTicker ticker = new FakeTicker();
    private final PagedListing listing = PagedListing.create(ticker, 1_000);

    /**
     * A store of {@code n} names in pages of {@code size}, paging by opaque tokens that a test can invalidate
     * (as AWS does with an expired NextToken), with a journal of the tokens asked for.
     */
    private static final class Store implements PagedListing.Source {
        final List<SecretInfo> names = new ArrayList<>();
        final List<String> journal = new ArrayList<>();
        final int size;
        String generation = "g1";
        boolean withTotal;

        Store(int n, int size) {
            this.size = size;
            for (int i = 0; i < n; i++) {
                names.add(SecretInfo.of((i % 3 == 0 ? "team/" : "app/") + (i % 2 == 0 ? "Slack-" : "db-") + i));
            }
        }

        @Override
        public PagedListing.Page fetch(String token) {
            journal.add(token);
            int from = 0;
            if (!token.isEmpty()) {
                String[] parts = token.split(":");
                if (!parts[0].equals(generation)) {
                    throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                            .message("The next token expired").build();
                }
                from = Integer.parseInt(parts[1]);
            }
            from = Math.min(from, names.size());
            int to = Math.min(names.size(), from + size);
            String next = to < names.size() ? generation + ":" + to : "";
            return new PagedListing.Page(names.subList(from, to), next,
                    withTotal ? OptionalLong.of(names.size()) : OptionalLong.empty());
        }

        /** The page a full walk from the start gives: what every resumed search must equal. */
        SecretPage expected(SecretQuery q) {
            return SecretPage.walk(names.iterator(), q);
        }

        int calls() {
            int n = journal.size();
            journal.clear();
            return n;
        }
    }

    private static List<String> paths(SecretPage page) {
        return page.items().stream().map(SecretInfo::path).toList();
    }

    private static void assertSame(SecretPage actual, SecretPage expected) {
        assertThat(paths(actual)).isEqualTo(paths(expected));
        assertThat(actual.hasMore()).isEqualTo(expected.hasMore());
        assertThat(actual.total()).isEqualTo(expected.total());
    }

    @Test
    void walkFetchesAPageOnlyWhenTheWalkReachesIt() {
        Store store = new Store(25, 10);
        Iterator<SecretInfo> walk = listing.walk(store);
        assertThat(store.journal).isEmpty();
        for (int i = 0; i < 10; i++) walk.next();
        assertThat(store.journal).containsExactly("");
        assertThat(walk.next().path()).isEqualTo(store.names.get(10).path());
        assertThat(store.journal).containsExactly("", "g1:10");
        List<String> rest = new ArrayList<>();
        walk.forEachRemaining(i -> rest.add(i.path()));
        assertThat(rest).hasSize(14);
        assertThat(store.journal).containsExactly("", "g1:10", "g1:20");
    }

    @Test
    void walkStopsAtTheMaxPagesGuardAndAtARepeatedToken() {
        Store store = new Store(100, 10);
        List<SecretInfo> got = new ArrayList<>();
        PagedListing.create(ticker, 3).walk(store).forEachRemaining(got::add);
        assertThat(got).hasSize(30);

        PagedListing.Source loop = token -> PagedListing.Page.of(List.of(SecretInfo.of("x" + token)), "same");
        List<SecretInfo> looped = new ArrayList<>();
        listing.walk(loop).forEachRemaining(looped::add);
        assertThat(looped).extracting(SecretInfo::path).containsExactly("x", "xsame");
    }

    @Test
    void pagingForwardWithATextFilterAndAnAllowListCostsAboutOneCallPerPage() {
        Store store = new Store(1_000, 10);
        Predicate<String> allowList = p -> p.startsWith("app/");
        SecretQuery base = SecretQuery.of("SLACK").onlyPaths(allowList).limit(20);
        // a match in 3 names, 1 in 2 passes the text: ~1 match in 3 names, so a page of 20 spans ~6 remote pages
        List<String> seen = new ArrayList<>();
        int pages = 0;
        int calls = 0;
        for (int offset = 0; ; offset += 20) {
            SecretQuery q = base.offset(offset);
            SecretPage page = listing.search(q, null, store);
            int pageCalls = store.calls();
            assertSame(page, store.expected(q));
            if (offset > 0) assertThat(pageCalls).as("calls for the page at %d", offset).isLessThanOrEqualTo(8);
            calls += pageCalls;
            seen.addAll(paths(page));
            pages++;
            if (!page.hasMore()) break;
        }
        assertThat(pages).isGreaterThan(5);
        // the store's 100 remote pages once, plus about one re-fetch per page where the previous one stopped
        assertThat(calls).isLessThanOrEqualTo(100 + pages);
        assertThat(seen).doesNotHaveDuplicates()
                .isEqualTo(store.names.stream().map(SecretInfo::path).filter(base::test).toList());
    }

    @Test
    void aResumedPageCostsOneCallWhenThePageFitsInOneRemotePage() {
        Store store = new Store(1_000, 100);
        SecretQuery base = SecretQuery.all().limit(10);
        listing.search(base, null, store);
        assertThat(store.calls()).isEqualTo(1);
        for (int offset = 10; offset < 300; offset += 10) {
            SecretQuery q = base.offset(offset);
            assertSame(listing.search(q, null, store), store.expected(q));
            // the page at 90 peeks into the next remote page
            assertThat(store.calls()).as("calls for the page at %d", offset).isEqualTo(offset % 100 == 90 ? 2 : 1);
        }
    }

    @Test
    void walkingForwardBackwardAndJumpingNeverOverlapsNorSkips() {
        Store store = new Store(500, 7);
        Predicate<String> allowList = p -> !p.endsWith("5");
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            SecretQuery q = SecretQuery.of(random.nextBoolean() ? "slack" : "")
                    .under(random.nextInt(3) == 0 ? "team/" : "")
                    .onlyPaths(allowList)
                    .offset(random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(10) * 15)
                    .limit(random.nextBoolean() ? 15 : 1 + random.nextInt(40));
            assertSame(listing.search(q, null, store), store.expected(q));
        }
    }

    @Test
    void aJumpFarAheadStartsFromTheNearestPointBeforeIt() {
        Store store = new Store(1_000, 10);
        SecretQuery base = SecretQuery.of("slack").limit(10);
        listing.search(base, null, store);            // point at match 10
        listing.search(base.offset(10), null, store); // point at match 20
        store.calls();
        SecretQuery far = base.offset(400);
        assertSame(listing.search(far, null, store), store.expected(far));
        assertThat(store.journal.get(0)).isNotEmpty();   // resumed, not from the start
        store.calls();
        SecretQuery back = base.offset(10);
        assertSame(listing.search(back, null, store), store.expected(back));
        assertThat(store.calls()).isLessThanOrEqualTo(3);
    }

    @Test
    void differentNativeKeysTextsPrefixesOrPathFiltersDoNotSharePoints() {
        Store store = new Store(1_000, 10);
        Predicate<String> allowList = p -> true;
        SecretQuery q = SecretQuery.of("slack").onlyPaths(allowList).limit(50);
        listing.search(q, "native", store);
        listing.search(q.offset(50), "native", store);
        store.calls();
        listing.search(q.offset(100), "native", store);
        int resumed = store.calls();
        assertThat(resumed).isLessThanOrEqualTo(11);

        Predicate<String> sameRulesOtherObject = p -> true;
        SecretQuery[] others = {
            SecretQuery.of("slack").onlyPaths(sameRulesOtherObject).limit(50).offset(100),
            SecretQuery.of("Slack").onlyPaths(allowList).limit(50).offset(100),
            SecretQuery.of("slack").under("app/").onlyPaths(allowList).limit(50).offset(100),
        };
        int fromStart = 0;
        for (SecretQuery other : others) {
            SecretPage page = listing.search(other, "native", store);
            assertSame(page, store.expected(other));
            assertThat(store.journal.get(0)).as("%s starts at the first page", other).isEmpty();
            fromStart = store.calls();
        }
        assertThat(fromStart).isGreaterThan(resumed);
        listing.search(q.offset(100), "other-native", store);
        assertThat(store.journal.get(0)).isEmpty();
    }

    @Test
    void pointsExpireAfterTheTtlOnTheProvidersTicker() {
        Store store = new Store(1_000, 10);
        SecretQuery q = SecretQuery.all().limit(100);
        listing.search(q, null, store);
        store.calls();
        ticker.advance(Duration.ofSeconds(119));
        listing.search(q.offset(100), null, store);
        assertThat(store.journal.get(0)).isEqualTo("g1:100");
        store.calls();
        ticker.advance(Duration.ofMinutes(2));       // both points (100 and 200) are stale now
        SecretQuery deep = q.offset(200);
        assertSame(listing.search(deep, null, store), store.expected(deep));
        assertThat(store.journal.get(0)).isEmpty();
        assertThat(store.calls()).isEqualTo(31);
    }

    @Test
    void aStaleTokenIsForgottenAndTheWalkStartsOverOnce() {
        Store store = new Store(300, 10);
        SecretQuery q = SecretQuery.of("slack").limit(20);
        listing.search(q, null, store);
        store.calls();
        store.generation = "g2";                      // every token handed out so far is now invalid
        SecretQuery next = q.offset(20);
        assertSame(listing.search(next, null, store), store.expected(next));
        assertThat(store.journal.get(0)).isEqualTo("g1:40");   // match 20 is name 40
        assertThat(store.journal.get(1)).isEmpty();
        assertThat(store.journal.stream().filter(t -> t.startsWith("g1")).count()).isOne();
        store.calls();
        // the stale point is gone and the new one works
        SecretQuery third = q.offset(40);
        assertSame(listing.search(third, null, store), store.expected(third));
        assertThat(store.journal.get(0)).startsWith("g2:");
    }

    @Test
    void aFailureOfTheWalkFromTheStartAfterAStaleTokenIsThrown() {
        Store store = new Store(300, 10);
        SecretQuery q = SecretQuery.of("slack").limit(20);
        listing.search(q, null, store);
        SecretManagerException denied = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED,
                Reason.ACCESS_DENIED).message("Listing was denied").build();
        PagedListing.Source failing = token -> { store.journal.add(token); throw denied; };
        store.calls();
        assertThatThrownBy(() -> listing.search(q.offset(20), null, failing)).isSameAs(denied);
        assertThat(store.journal).hasSize(2).last().isEqualTo("");
        assertThat(listing.pointCount()).isZero();
    }

    @Test
    void aClosedProviderIsNotRetriedFromTheStart() {
        Store store = new Store(300, 10);
        SecretQuery q = SecretQuery.of("slack").limit(20);
        listing.search(q, null, store);
        SecretManagerException closed = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED,
                Reason.CLOSED).message("closed").build();
        store.calls();
        assertThatThrownBy(() -> listing.search(q.offset(20), null, t -> { store.journal.add(t); throw closed; })).isSameAs(closed);
        assertThat(store.journal).hasSize(1);
    }

    @Test
    void aStoreThatShrankBelowARememberedPositionIsWalkedFromTheStart() {
        Store store = new Store(300, 10);
        SecretQuery q = SecretQuery.all().limit(15);
        listing.search(q, null, store);   // match 15 is item 5 of page g1:10
        store.names.subList(0, 296).clear();
        store.calls();
        SecretQuery next = q.offset(15);
        assertSame(listing.search(next, null, store), store.expected(next));
        assertThat(store.journal).containsExactly("g1:10", "");
    }

    @Test
    void aStatedTotalEndsAnUnfilteredPageWithoutPeeking() {
        Store store = new Store(100, 10);
        store.withTotal = true;
        SecretPage first = listing.search(SecretQuery.all().limit(10), null, store);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.total()).hasValue(100);
        assertThat(store.calls()).isEqualTo(1);
        SecretPage second = listing.search(SecretQuery.all().offset(10).limit(10), null, store);
        assertThat(paths(second)).isEqualTo(paths(store.expected(SecretQuery.all().offset(10).limit(10))));
        assertThat(store.journal).containsExactly("g1:10");
        SecretPage last = listing.search(SecretQuery.all().offset(90).limit(10), null, store);
        assertThat(last.hasMore()).isFalse();
        assertThat(last.total()).hasValue(100);
        // a filtered query peeks as usual and counts its own total
        SecretQuery filtered = SecretQuery.of("slack").limit(100);
        assertSame(listing.search(filtered, null, store), store.expected(filtered));
    }

    @Test
    void pointsAreBoundedPerQueryAndInQueries() {
        Store store = new Store(2_000, 50);
        for (int offset = 0; offset < 1_500; offset += 10) listing.search(SecretQuery.all().offset(offset).limit(10), null, store);
        assertThat(listing.queryCount()).isOne();
        assertThat(listing.pointCount()).isEqualTo(PagedListing.POINTS_PER_QUERY);
        for (int i = 0; i < PagedListing.MAX_QUERIES + 40; i++) listing.search(SecretQuery.all().limit(1), "filter-" + i, store);
        assertThat(listing.queryCount()).isEqualTo(PagedListing.MAX_QUERIES);
    }

    @Test
    void concurrentSearchesOfOneQueryAllGetTheRightPages() throws Exception {
        Store base = new Store(2_000, 20);
        PagedListing.Source source = token -> {
            synchronized (base) {
                return base.fetch(token);
            }
        };
        SecretQuery q = SecretQuery.of("slack").limit(25);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                Random random = new Random(seed);
                try {
                    for (int i = 0; i < 100; i++) {
                        SecretQuery page = q.offset(random.nextInt(40) * 25);
                        assertSame(listing.search(page, null, source), base.expected(page));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        assertThat(Set.copyOf(base.journal)).isNotEmpty();
    }
}
