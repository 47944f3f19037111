package dev.secretref.provider.conjur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A lazy walk over the variables the identity can see, in Conjur's order (by resource id), one
 * {@code GET /resources/{account}/variable?limit=&offset=[&search=]} per page, fetched only when the walk needs it.
 * Each item is the variable id with the resource's {@code created_at}; Conjur's listing carries no time of the last
 * value change, so {@code updatedAt} stays empty. Never reads a value.
 */
final class VariableListing implements Iterator<SecretInfo> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A server that keeps answering full pages is not followed forever. */
    private static final int MAX_PAGES = 10_000;

    private final ConjurApi api;
    private final ConjurUrls urls;
    private final int pageSize;
    private final String search;
    private final Deque<SecretInfo> buffer = new ArrayDeque<>();
    private long nextOffset;
    private boolean lastPage;
    private int calls;

    /**
     * @param startOffset Conjur's offset of the first page
     * @param search      Conjur text-search words narrowing the walk, or null
     */
    VariableListing(ConjurApi api, ConjurUrls urls, int pageSize, long startOffset, String search) {
        this.api = api;
        this.urls = urls;
        this.pageSize = pageSize;
        this.nextOffset = startOffset;
        this.search = search;
    }

    /** How many pages this walk fetched so far. */
    int calls() { return calls; }

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
        HttpResponse<byte[]> response = api.get(urls.resources(pageSize, nextOffset, search), false);
        calls++;
        int status = response.statusCode();
        if (status != 200) throw error(status);
        JsonNode items;
        try {
            items = JSON.readTree(response.body());
        } catch (IOException e) {
            items = null;
        }
        if (items == null || !items.isArray()) {
            throw ConjurErrors.forStatus(-1, "listing variables (the answer was not a JSON array)");
        }
        String idPrefix = urls.resourceIdPrefix();
        for (JsonNode item : items) {
            String id = item.path("id").asText("");
            if (id.startsWith(idPrefix) && id.length() > idPrefix.length()) {
                buffer.add(SecretInfo.of(id.substring(idPrefix.length())).withTimes(instant(item.path("created_at")), Optional.empty()));
            }
        }
        nextOffset += items.size();
        if (items.size() < pageSize || calls >= MAX_PAGES) lastPage = true;
    }

    private SecretManagerException error(int status) {
        return switch (status) {
            case 401 -> ConjurErrors.tokenRejected();
            case 403 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .message("Conjur refused to list variables (403); the identity lists only resources it has a privilege on: "
                            + "grant it 'read' on the variables (a Conjur policy !permit) and check it may list resources").build();
            case 422 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("Conjur rejected a listing page of " + pageSize + " (422); if its api_resource_list_limit_max is set "
                            + "below that, ask for smaller pages (limit) or raise the setting").build();
            default -> ConjurErrors.forStatus(status, "listing variables");
        };
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (!node.isTextual()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(node.textValue()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
