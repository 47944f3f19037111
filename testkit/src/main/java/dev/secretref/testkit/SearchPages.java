package dev.secretref.testkit;

import dev.secretref.ResolutionContext;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Every page of a search, fetched as a platform's secret picker pages: from the query's offset, then
 * {@code offset + limit}, until a page says no more follow. Records each page and what it cost in remote calls, read
 * from a counter the test supplies (a {@link FakeHttpServer#count()}, a fake's request journal), so a test pins both
 * "pages neither overlap nor skip" and "one call per page".
 *
 * <pre>{@code
 * SearchPages all = SearchPages.walk(resolver, "prod-aws", SecretQuery.of("slack").limit(20), ctx, server::count);
 * assertThat(all.paths()).doesNotHaveDuplicates().hasSize(50);
 * assertThat(all.callsPerPage()).containsExactly(1, 1, 1);
 * }</pre>
 */
public final class SearchPages {
    /** A walk that has not ended after this many pages is a provider that never says "no more". */
    public static final int MAX_PAGES = 10_000;

    private final List<SecretPage> pages;
    private final List<Integer> callsPerPage;

    private SearchPages(List<SecretPage> pages, List<Integer> callsPerPage) {
        this.pages = List.copyOf(pages);
        this.callsPerPage = List.copyOf(callsPerPage);
    }

    /**
     * Searches {@code manager} page after page of {@code query} as a caller in {@code context}, reading
     * {@code remoteCalls} before and after each page.
     *
     * @throws AssertionError when more than {@link #MAX_PAGES} pages all say that more follow
     */
    public static SearchPages walk(SecretResolver resolver, String manager, SecretQuery query, ResolutionContext context,
                                   IntSupplier remoteCalls) {
        List<SecretPage> pages = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        long offset = query.offset();
        SecretPage page;
        do {
            if (pages.size() == MAX_PAGES) throw new AssertionError("a search of " + manager + " still had more after " + MAX_PAGES + " pages");
            int before = remoteCalls.getAsInt();
            page = resolver.search(manager, query.offset(Math.toIntExact(offset)), context);
            calls.add(remoteCalls.getAsInt() - before);
            pages.add(page);
            offset += query.limit();
        } while (page.hasMore());
        return new SearchPages(pages, calls);
    }

    /** As {@link #walk(SecretResolver, String, SecretQuery, ResolutionContext, IntSupplier)}, counting no calls. */
    public static SearchPages walk(SecretResolver resolver, String manager, SecretQuery query, ResolutionContext context) {
        return walk(resolver, manager, query, context, () -> 0);
    }

    /** The pages, in the order they were asked for. */
    public List<SecretPage> pages() { return pages; }

    /** The last page, the one that said no more follow (it holds the total when the store gave one). */
    public SecretPage last() { return pages.get(pages.size() - 1); }

    /** The remote calls each page cost, in page order. */
    public List<Integer> callsPerPage() { return callsPerPage; }

    /** Every item of every page, in order. */
    public List<SecretInfo> items() {
        return pages.stream().flatMap(p -> p.items().stream()).toList();
    }

    /** The path of every item of every page, in order. */
    public List<String> paths() {
        return items().stream().map(SecretInfo::path).toList();
    }

    @Override
    public String toString() {
        return "SearchPages[" + pages.size() + " pages, calls " + callsPerPage + "]";
    }
}
