package dev.secretref.spi;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What to list of a manager: the secrets whose name contains {@link #text()} (case-insensitive) and
 * starts with {@link #prefix()}, a window of at most {@link #limit()} of them from {@link #offset()}, in
 * the store's stable order. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * SecretPage page = resolver.search("prod-aws", SecretQuery.of("slack").offset(50).limit(50), ctx);
 * }</pre>
 *
 * <p>A provider applies the whole query before counting the offset: name text, prefix and
 * {@link #test path filter} (the resolver narrows it to the paths a caller may reference).
 */
public final class SecretQuery {
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1_000;

    private static final Predicate<String> EVERY_PATH = p -> true;

    private final String text;
    private final String needle;
    private final String prefix;
    private final int offset;
    private final int limit;
    private final boolean timestamps;
    private final Predicate<String> paths;

    private SecretQuery(String text, String prefix, int offset, int limit, boolean timestamps, Predicate<String> paths) {
        this.text = text;
        this.needle = text.toLowerCase(Locale.ROOT);
        this.prefix = prefix;
        this.offset = offset;
        this.limit = limit;
        this.timestamps = timestamps;
        this.paths = paths;
    }

    /** Every secret whose name contains {@code text}, case-insensitive; {@code ""} matches every name. */
    public static SecretQuery of(String text) {
        return new SecretQuery(Objects.requireNonNull(text, "text"), "", 0, DEFAULT_LIMIT, false, EVERY_PATH);
    }

    /** Every secret, in pages of {@value #DEFAULT_LIMIT}. */
    public static SecretQuery all() { return of(""); }

    /** Skips the first {@code n} matches (0 or more). */
    public SecretQuery offset(int n) {
        if (n < 0) {
            throw SecretManagerException.validation(Reason.INVALID_ARGUMENT,
                    "A search offset must be 0 or more, got " + n + ". Check the offset parameter");
        }
        return new SecretQuery(text, prefix, n, limit, timestamps, paths);
    }

    /** At most {@code m} items per page, 1 to {@value #MAX_LIMIT}. */
    public SecretQuery limit(int m) {
        if (m < 1 || m > MAX_LIMIT) {
            throw SecretManagerException.validation(Reason.INVALID_ARGUMENT,
                    "A search limit must be 1 to " + MAX_LIMIT + ", got " + m + ". Check the limit parameter");
        }
        return new SecretQuery(text, prefix, offset, m, timestamps, paths);
    }

    /** Only names starting with {@code prefix} (a folder, in the provider's path syntax). */
    public SecretQuery under(String prefix) {
        return new SecretQuery(text, Objects.requireNonNull(prefix, "prefix"), offset, limit, timestamps, paths);
    }

    /**
     * Asks for created and updated times even where the store needs an extra call per secret to give them
     * (Vault reads each secret's metadata). Stores that return times with their listing fill them regardless.
     */
    public SecretQuery withTimestamps() {
        return new SecretQuery(text, prefix, offset, limit, true, paths);
    }

    /** Only paths {@code filter} accepts, on top of any filter already set. */
    public SecretQuery onlyPaths(Predicate<String> filter) {
        Objects.requireNonNull(filter, "filter");
        return new SecretQuery(text, prefix, offset, limit, timestamps, paths == EVERY_PATH ? filter : paths.and(filter));
    }

    /** The text a name must contain, as given (matched case-insensitively). */
    public String text() { return text; }

    /** The prefix a name must start with, or {@code ""}. */
    public String prefix() { return prefix; }

    public int offset() { return offset; }

    public int limit() { return limit; }

    /** Whether the caller asked for times a store gives only at extra cost. */
    public boolean timestamps() { return timestamps; }

    /**
     * The path filter (every path passes when none is set). The resolver sets the manager's allow-list, one
     * object per manager, so a provider may use the filter's identity to recognise the same query again.
     */
    public Predicate<String> pathFilter() { return paths; }

    /** Whether a path filter narrows the query (then a store's own offset cannot be used to skip). */
    public boolean filtersPaths() { return paths != EVERY_PATH; }

    /** Whether {@code path}'s name contains the text, case-insensitive, ignoring the path filter and prefix. */
    public boolean matchesText(String path) {
        return needle.isEmpty() || path.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Whether {@code path} is one this query lists: prefix, text and path filter. */
    public boolean test(String path) {
        return path.startsWith(prefix) && matchesText(path) && paths.test(path);
    }

    @Override
    public String toString() {
        return "SecretQuery[text=" + text + ", prefix=" + prefix + ", offset=" + offset + ", limit=" + limit
                + (timestamps ? ", timestamps" : "") + (filtersPaths() ? ", filtered" : "") + "]";
    }
}
