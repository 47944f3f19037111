package dev.secretref.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of a {@link SecretQuery}: names and times, never values. {@link #hasMore()} says whether a
 * page at {@code offset + limit} would hold anything; {@link #total()} is the number of matches when the
 * store gave it without extra calls.
 */
public final class SecretPage {
    private static final Comparator<SecretInfo> BY_PATH = Comparator.comparing(SecretInfo::path);

    private final List<SecretInfo> items;
    private final boolean hasMore;
    private final OptionalLong total;

    private SecretPage(List<SecretInfo> items, boolean hasMore, OptionalLong total) {
        this.items = List.copyOf(items);
        this.hasMore = hasMore;
        this.total = Objects.requireNonNull(total, "total");
    }

    /** A page as a store returned it. */
    public static SecretPage of(List<SecretInfo> items, boolean hasMore, OptionalLong total) {
        return new SecretPage(items, hasMore, total);
    }

    /** An empty last page. */
    public static SecretPage empty() { return new SecretPage(List.of(), false, OptionalLong.of(0)); }

    /**
     * The page {@code query} selects from every name a store holds (listed in one go): matches sorted by
     * path, with their total. For stores that list everything at once.
     */
    public static SecretPage ofAll(List<SecretInfo> all, SecretQuery query) {
        List<SecretInfo> matches = new ArrayList<>();
        for (SecretInfo info : all) {
            if (query.test(info.path())) matches.add(info);
        }
        matches.sort(BY_PATH);
        int from = (int) Math.min(matches.size(), (long) query.offset());
        int to = (int) Math.min(matches.size(), (long) from + query.limit());
        return new SecretPage(matches.subList(from, to), to < matches.size(), OptionalLong.of(matches.size()));
    }

    /**
     * The page {@code query} selects from {@code ordered}, a lazy walk over a store's names in a stable
     * order (one remote page fetched as the walk needs it): skips matches up to the offset, takes the limit,
     * and reads one match more to know whether there are more. Stops the walk there, so a store is read only
     * as far as the page needs. The total is unknown.
     */
    public static SecretPage walk(Iterator<SecretInfo> ordered, SecretQuery query) {
        List<SecretInfo> items = new ArrayList<>(Math.min(query.limit(), 64));
        long skip = query.offset();
        while (ordered.hasNext()) {
            SecretInfo info = ordered.next();
            if (!query.test(info.path())) continue;
            if (skip > 0) {
                skip--;
            } else if (items.size() < query.limit()) {
                items.add(info);
            } else {
                return new SecretPage(items, true, OptionalLong.empty());
            }
        }
        return new SecretPage(items, false, OptionalLong.of(query.offset() - skip + items.size()));
    }

    /** The secrets of this page, in the store's order. */
    public List<SecretInfo> items() { return items; }

    /** Whether more matches follow this page. */
    public boolean hasMore() { return hasMore; }

    /** How many secrets match the query in all, when the store said so cheaply. */
    public OptionalLong total() { return total; }

    @Override
    public String toString() {
        return "SecretPage[" + items.size() + " items" + (hasMore ? ", more" : "")
                + (total.isPresent() ? ", total " + total.getAsLong() : "") + "]";
    }
}
