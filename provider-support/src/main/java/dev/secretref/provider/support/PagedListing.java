package dev.secretref.provider.support;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A store's listing that pages by a continuation token (AWS {@code NextToken}, a Composio cursor, a Conjur offset,
 * an Azure {@code nextLink}, a GCP {@code pageToken}), walked lazily, and searched with resume points so that paging
 * forward through a query costs about one remote call per page instead of re-walking the store from the start.
 *
 * <pre>{@code
 * PagedListing listing = PagedListing.create(context.ticker(), 5_000);
 * Iterator<SecretInfo> all = listing.walk(token -> fetchOnePage(token));        // for list()
 * SecretPage page = listing.search(query, nameFilter, token -> fetchOnePage(token));
 * }</pre>
 *
 * <p>After serving a page that has more, {@link #search} remembers where the next page starts: "match number
 * {@code offset + limit} is item {@code i} of the remote page fetched with token {@code t}", for the query's text,
 * prefix and path filter (by identity: the resolver passes the manager's allow-list object itself) and the provider's
 * native filter. A later search of the same query at that offset or beyond fetches page {@code t}, skips {@code i}
 * items and counts on from there. Points expire after a TTL on the provider's ticker, are bounded in number (LRU
 * over queries, a few per query), hold only names' positions (never values), and a resumed fetch that fails (an
 * expired or invalid token) forgets its point and walks from the start once. Thread-safe; the lock guarding the
 * points is never held across a remote call.
 */
public final class PagedListing {
    /** How long a resume point is used after it was made. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);
    static final int MAX_QUERIES = 256;
    static final int POINTS_PER_QUERY = 8;

    /**
     * One remote call of a store's listing.
     */
    @FunctionalInterface
    public interface Source {
        /**
         * Makes ONE remote call for the page {@code token} designates and maps it.
         *
         * @param token {@code ""} for the first page, else a {@link Page#next()} this source returned
         */
        Page fetch(String token);
    }

    /**
     * One remote page: its items in the store's stable order, the token of the next page ({@code ""} at the end),
     * and, where the store says so on the page, how many items the whole walk yields.
     */
    public record Page(List<SecretInfo> items, String next, OptionalLong total) {
        public Page {
            items = List.copyOf(items);
            next = next == null ? "" : next;
            Objects.requireNonNull(total, "total");
        }

        /** A page followed by the page {@code next} designates ({@code ""} or null: this is the last page). */
        public static Page of(List<SecretInfo> items, String next) {
            return new Page(items, next, OptionalLong.empty());
        }

        /** Whether no page follows. */
        public boolean last() { return next.isEmpty(); }
    }

    private final Ticker ticker;
    private final int maxPages;
    private final long ttlNanos;
    private final Map<Key, List<Point>> points = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<Point>> eldest) {
            return size() > MAX_QUERIES;
        }
    };

    private PagedListing(Ticker ticker, int maxPages, Duration ttl) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxPages < 1) throw new IllegalArgumentException("maxPages must be 1 or more, got " + maxPages);
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        this.maxPages = maxPages;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * A listing whose resume points live {@link #DEFAULT_TTL} on {@code ticker} (the provider context's).
     *
     * @param maxPages a walk stops after this many remote pages even if the store keeps sending tokens
     */
    public static PagedListing create(Ticker ticker, int maxPages) {
        return new PagedListing(ticker, maxPages, DEFAULT_TTL);
    }

    /** As {@link #create(Ticker, int)} with resume points living {@code ttl}. */
    public static PagedListing create(Ticker ticker, int maxPages, Duration ttl) {
        return new PagedListing(ticker, maxPages, Objects.requireNonNull(ttl, "ttl"));
    }

    /**
     * Every item of {@code source}, lazily: a page is fetched only when the walk reaches it. Stops at the last page,
     * after the max-pages guard, or when the store hands out a token it already gave in this walk.
     */
    public Iterator<SecretInfo> walk(Source source) {
        return new Cursor(source, "", 0);
    }

    /**
     * The page {@code query} selects from {@code source}'s walk, as {@link SecretPage#walk} does (query.test before
     * counting the offset, the limit, one match more to know whether more follow, the total only at the end), but
     * starting from the nearest remembered point of the same query at or before its offset.
     *
     * <p>When the query holds no text, prefix nor path filter and a page states the walk's {@link Page#total()},
     * the walk stops at the page's last item (no peek) and {@code hasMore} comes from that total.
     *
     * @param nativeKey the store-side filter the source applies (e.g. AWS's name filter), part of the points' key; or null
     */
    public SecretPage search(SecretQuery query, String nativeKey, Source source) {
        Key key = new Key(nativeKey, query);
        Point from = nearest(key, query.offset());
        if (from != null) {
            Cursor resumed = new Cursor(source, from.token, from.skip);
            try {
                resumed.start();
            } catch (SecretManagerException e) {
                if (e.reason() == Reason.CLOSED) throw e;
                forget(key, from);
                from = null;
            } catch (RuntimeException e) {
                forget(key, from);
                from = null;
            }
            if (from != null) return page(query, key, resumed, from.match);
        }
        return page(query, key, new Cursor(source, "", 0), 0);
    }

    private SecretPage page(SecretQuery query, Key key, Cursor cursor, long matchesBefore) {
        boolean everything = query.text().isEmpty() && query.prefix().isEmpty() && !query.filtersPaths();
        long match = matchesBefore;
        long end = (long) query.offset() + query.limit();
        List<SecretInfo> items = new ArrayList<>(Math.min(query.limit(), 64));
        while (true) {
            if (everything && items.size() == query.limit() && cursor.total.isPresent()) {
                long total = cursor.total.getAsLong();
                boolean more = end < total;
                if (more) {
                    Position at = cursor.fetchedPosition();
                    if (at != null) remember(key, new Point(end, at.token, at.index, ticker.read() + ttlNanos));
                }
                return SecretPage.of(items, more, OptionalLong.of(total));
            }
            Position at = cursor.position();
            if (at == null) break;
            SecretInfo info = cursor.next();
            if (!query.test(info.path())) continue;
            if (match < query.offset()) {
                match++;
            } else if (items.size() < query.limit()) {
                items.add(info);
                match++;
            } else {
                remember(key, new Point(match, at.token, at.index, ticker.read() + ttlNanos));
                return SecretPage.of(items, true, OptionalLong.empty());
            }
        }
        OptionalLong total = everything && cursor.total.isPresent() ? cursor.total : OptionalLong.of(match);
        return SecretPage.of(items, false, total);
    }

    /** The remembered point of {@code key} with the greatest match number not beyond {@code offset}, or null. */
    private Point nearest(Key key, long offset) {
        long now = ticker.read();
        synchronized (points) {
            List<Point> list = points.get(key);
            if (list == null) return null;
            list.removeIf(p -> now - p.expiresAt >= 0);
            if (list.isEmpty()) {
                points.remove(key);
                return null;
            }
            Point best = null;
            for (Point p : list) {
                if (p.match <= offset && (best == null || p.match > best.match)) best = p;
            }
            if (best != null) {     // most recently used last: the first is evicted when the list is full
                list.remove(best);
                list.add(best);
            }
            return best;
        }
    }

    private void remember(Key key, Point point) {
        synchronized (points) {
            List<Point> list = points.computeIfAbsent(key, k -> new ArrayList<>(POINTS_PER_QUERY));
            list.removeIf(p -> p.match == point.match);
            if (list.size() >= POINTS_PER_QUERY) list.remove(0);
            list.add(point);
        }
    }

    private void forget(Key key, Point point) {
        synchronized (points) {
            List<Point> list = points.get(key);
            if (list == null) return;
            list.remove(point);
            if (list.isEmpty()) points.remove(key);
        }
    }

    /** How many resume points are held (expired ones included until a lookup drops them). For tests. */
    int pointCount() {
        synchronized (points) {
            return points.values().stream().mapToInt(List::size).sum();
        }
    }

    /** How many queries have resume points. For tests. */
    int queryCount() {
        synchronized (points) {
            return points.size();
        }
    }

    @Override
    public String toString() {
        return "PagedListing[maxPages=" + maxPages + ", queries=" + queryCount() + "]";
    }

    /** A query's identity: the native filter, the text, the prefix and the path filter object itself. */
    private static final class Key {
        private final String nativeKey;
        private final String text;
        private final String prefix;
        private final Predicate<String> paths;

        Key(String nativeKey, SecretQuery query) {
            this.nativeKey = nativeKey == null ? "" : nativeKey;
            this.text = query.text();
            this.prefix = query.prefix();
            this.paths = query.pathFilter();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.paths == paths && k.nativeKey.equals(nativeKey) && k.text.equals(text)
                    && k.prefix.equals(prefix);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nativeKey, text, prefix, System.identityHashCode(paths));
        }
    }

    /** Match number {@code match} of a query is item {@code skip} of the page fetched with {@code token}. */
    private record Point(long match, String token, int skip, long expiresAt) {}

    /** Where the next item of a walk sits: item {@code index} of the page fetched with {@code token}. */
    private record Position(String token, int index) {}

    /** A lazy walk from item {@code skip} of the page {@code token} designates. */
    private final class Cursor implements Iterator<SecretInfo> {
        private final Source source;
        private final Set<String> seen = new HashSet<>();
        private String token;
        private int skip;
        private Page page;
        private int index;
        private int pages;
        OptionalLong total = OptionalLong.empty();

        Cursor(Source source, String token, int skip) {
            this.source = Objects.requireNonNull(source, "source");
            this.token = token;
            this.skip = skip;
        }

        /** Fetches the first page now (so a resumed fetch's failure is seen apart from later ones). */
        void start() {
            if (page == null) fetch();
        }

        private void fetch() {
            Page p = source.fetch(token);
            seen.add(token);
            pages++;
            if (p.total().isPresent()) total = p.total();
            if (skip > 0 && skip > p.items().size()) {
                throw new IllegalStateException("the page holds fewer items than a remembered position");
            }
            page = p;
            index = skip;
            skip = 0;
        }

        /** The position of the next item, fetching pages as needed; null at the end of the walk. */
        Position position() {
            if (page == null) fetch();
            while (index >= page.items().size()) {
                if (page.last() || pages >= maxPages || seen.contains(page.next())) return null;
                token = page.next();
                fetch();
            }
            return new Position(token, index);
        }

        /** The position of the next item without fetching: the next page's start when this one is used up. */
        Position fetchedPosition() {
            if (page == null) return new Position(token, skip);
            if (index < page.items().size()) return new Position(token, index);
            return page.last() ? null : new Position(page.next(), 0);
        }

        @Override
        public boolean hasNext() {
            return position() != null;
        }

        @Override
        public SecretInfo next() {
            if (position() == null) throw new NoSuchElementException();
            return page.items().get(index++);
        }
    }
}
