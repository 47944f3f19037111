package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.spi.SecretInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A lazy walk over the project's connected accounts, oldest first, one {@code GET connected_accounts?limit=&cursor=
 * &order_by=created_at&order_direction=asc} per page, fetched only when the walk needs it and followed by
 * {@code next_cursor}. Each item is the account's id with its toolkit, status and times; credentials stay behind.
 */
final class AccountListing implements Iterator<SecretInfo> {
    /** A server that keeps handing out new cursors is not followed forever. */
    private static final int MAX_PAGES = 10_000;

    private final BiFunction<Integer, String, JsonNode> pages;
    private final int pageSize;
    private final Deque<SecretInfo> buffer = new ArrayDeque<>();
    private final Set<String> seenCursors = new HashSet<>();
    private String cursor;
    private boolean lastPage;
    private int calls;
    private OptionalLong totalItems = OptionalLong.empty();

    /** @param pages fetches one page: (limit, cursor or null) to the answer's JSON object */
    AccountListing(BiFunction<Integer, String, JsonNode> pages, int pageSize) {
        this.pages = pages;
        this.pageSize = pageSize;
    }

    /** How many pages this walk fetched so far. */
    int calls() { return calls; }

    /** The {@code total_items} of the first page: how many accounts the project holds; empty before the first page. */
    OptionalLong totalItems() { return totalItems; }

    @Override
    public boolean hasNext() {
        while (buffer.isEmpty() && !lastPage) fetchPage();
        return !buffer.isEmpty();
    }

    @Override
    public SecretInfo next() {
        if (!hasNext()) throw new NoSuchElementException();
        return buffer.poll();
    }

    private void fetchPage() {
        JsonNode body = pages.apply(pageSize, cursor);
        calls++;
        JsonNode items = body.path("items");
        if (!items.isArray()) throw ComposioErrors.badPayload("listing connected accounts");
        if (calls == 1 && body.path("total_items").canConvertToLong() && body.path("total_items").asLong() >= 0) {
            totalItems = OptionalLong.of(body.path("total_items").asLong());
        }
        for (JsonNode item : items) ConnectedAccount.from(item).ifPresent(a -> buffer.add(info(a)));
        JsonNode next = body.path("next_cursor");
        if (!next.isTextual() || next.textValue().isEmpty() || !seenCursors.add(next.textValue()) || calls >= MAX_PAGES) {
            lastPage = true;
        } else {
            cursor = next.textValue();
        }
    }

    /** Id, toolkit and status of an account, with its times; the account's credentials stay behind. */
    static SecretInfo info(ConnectedAccount a) {
        String description = (a.toolkit().isEmpty() ? "" : a.toolkit() + ", ") + (a.status().isEmpty() ? "no status" : a.status())
                + (a.disabled() ? ", disabled" : "");
        return SecretInfo.of(a.id(), description).withTimes(a.createdAt(), a.updatedAt());
    }
}
