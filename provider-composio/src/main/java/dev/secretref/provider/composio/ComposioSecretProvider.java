package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads connected accounts from Composio. {@link #fetch} is one {@code GET connected_accounts/{id}};
 * {@link #fetchAll} reads each distinct account once however many of its fields are asked; {@link #list} and
 * {@link #search} page through {@code GET connected_accounts} by cursor, oldest first, and keep ids, toolkits, statuses
 * and times, never credentials;
 * {@link #checkConnection} is one list call with {@code limit=1}. Read-only. Thread-safe.
 */
final class ComposioSecretProvider implements SecretProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Page size for listing. */
    static final int LIST_PAGE_SIZE = 100;

    private final ComposioSettings settings;
    private final ComposioApi api;
    private final CredentialSink credentials;

    ComposioSecretProvider(ComposioSettings settings, ComposioApi api, CredentialSink credentials) {
        this.settings = settings;
        this.api = api;
        this.credentials = credentials;
    }

    @Override
    public void validatePath(String path) {
        AccountPath.parse(path);
    }

    @Override
    public String fetch(String path) {
        AccountPath p = AccountPath.parse(path);
        return value(account(p), p);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        Map<String, List<AccountPath>> byAccount = new LinkedHashMap<>();
        for (String raw : paths) {
            try {
                AccountPath p = AccountPath.parse(raw);
                byAccount.computeIfAbsent(p.accountId(), k -> new ArrayList<>()).add(p);
            } catch (SecretManagerException e) {
                out.put(raw, FetchResult.error(e));
            }
        }
        for (List<AccountPath> group : byAccount.values()) {
            ConnectedAccount account;
            try {
                account = account(group.get(0));
            } catch (SecretManagerException e) {
                group.forEach(p -> out.put(p.raw(), FetchResult.error(e.toBuilder().path(p.raw()).build())));
                continue;
            }
            for (AccountPath p : group) {
                try {
                    out.put(p.raw(), FetchResult.value(value(account, p)));
                } catch (SecretManagerException e) {
                    out.put(p.raw(), FetchResult.error(e));
                }
            }
        }
        Map<String, FetchResult> ordered = new LinkedHashMap<>();
        for (String p : paths) ordered.put(p, out.get(p));
        return ordered;
    }

    private ConnectedAccount account(AccountPath p) {
        HttpResponse<byte[]> response;
        try {
            response = api.account(p.accountId());
        } catch (SecretManagerException e) {
            throw e.path() != null ? e : e.toBuilder().path(p.raw()).build();
        }
        if (response.statusCode() != 200) {
            throw ComposioErrors.forAccount(response.statusCode(), response.body(), response.headers(), p, api.maxAttempts());
        }
        return ConnectedAccount.from(json(response.body()))
                .orElseThrow(() -> ComposioErrors.badPayload("reading connected account " + p.accountId()).toBuilder().path(p.raw()).build());
    }

    private String value(ConnectedAccount account, AccountPath p) {
        String value = CredentialReader.read(account, p);
        String field = p.field().orElse(null);
        if (field == null || CredentialReader.isCredential(field)) {
            credentials.returned(p.accountId() + ":" + (field == null ? "" : field), value);
        }
        return value;
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        String p = prefix == null ? "" : prefix;
        List<SecretInfo> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        AccountListing walk = new AccountListing(this::page, LIST_PAGE_SIZE);
        while (walk.hasNext()) {
            SecretInfo info = walk.next();
            if (info.path().startsWith(p) && ids.add(info.path())) out.add(info);
        }
        return out;
    }

    /**
     * One page of {@code query}. Composio's list has no name filter and pages by an opaque cursor only (no offset), so
     * the walk starts at the oldest account ({@code order_by=created_at&order_direction=asc}: accounts connected
     * meanwhile land at the end and do not shift earlier pages), in pages of {@value #LIST_PAGE_SIZE}, and keeps what
     * {@link SecretQuery#test} accepts. With no text, prefix or path filter the first page's {@code total_items} is the
     * exact total, so the walk stops at the page's last item instead of peeking at one more.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        AccountListing walk = new AccountListing(this::page, LIST_PAGE_SIZE);
        if (!query.text().isEmpty() || !query.prefix().isEmpty() || query.filtersPaths()) return SecretPage.walk(walk, query);
        long wanted = (long) query.offset() + query.limit();
        List<SecretInfo> items = new ArrayList<>();
        for (long i = 0; i < wanted && walk.hasNext(); i++) {
            SecretInfo info = walk.next();
            if (i >= query.offset()) items.add(info);
        }
        OptionalLong total = walk.totalItems();
        boolean hasMore = total.isPresent() ? wanted < total.getAsLong() : walk.hasNext();
        return SecretPage.of(items, hasMore, total);
    }

    @Override
    public void checkConnection() {
        page(1, null);
    }

    private JsonNode page(int limit, String cursor) {
        HttpResponse<byte[]> response = api.accounts(limit, cursor);
        if (response.statusCode() != 200) {
            throw ComposioErrors.forStatus(response.statusCode(), response.body(), response.headers(),
                    "listing connected accounts", api.maxAttempts());
        }
        JsonNode body = json(response.body());
        if (body == null || !body.isObject()) throw ComposioErrors.badPayload("listing connected accounts");
        return body;
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        credentials.close();
    }

    @Override
    public String toString() {
        return "ComposioSecretProvider[" + settings + "]";
    }
}
