package dev.secretref.provider.conjur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Conjur variables. {@link #fetch} uses {@code GET /secrets/{account}/variable/{id}}; {@link #fetchAll}
 * uses the batch endpoint {@code GET /secrets?variable_ids=...} with base64-encoded values, chunked to keep
 * URLs short, and falls back to single reads when Conjur refuses a batch as a whole (it is all-or-nothing),
 * so each failing path gets its own error. Thread-safe; the token is shared and renewed by a {@link RenewingToken}; {@link #close()} cuts off calls in flight.
 */
final class ConjurSecretProvider implements SecretProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ConjurSecretProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Page size for listing; Conjur orders pages by resource id when limit/offset are given. */
    static final int LIST_PAGE_SIZE = 100;
    /** The largest page asked of Conjur (its {@code api_resource_list_limit_max} is unlimited by default). */
    static final int MAX_LIST_PAGE_SIZE = 1_000;
    private static final Pattern SEARCHABLE = Pattern.compile("[A-Za-z0-9./-]+");

    private final ConjurSettings settings;
    private final ConjurUrls urls;
    private final RenewingToken<AccessToken> tokens;
    private final ProviderHttp http;
    private final ConjurApi api;
    private final int maxUrlLength;
    private final ConjurSecretWriter writer;

    ConjurSecretProvider(ConjurSettings settings, ConjurUrls urls, RenewingToken<AccessToken> tokens, ProviderHttp http,
                         ConjurApi api, int maxUrlLength, ConjurWriteSettings writeSettings) {
        this.settings = settings;
        this.http = http;
        this.urls = urls;
        this.tokens = tokens;
        this.api = api;
        this.maxUrlLength = maxUrlLength;
        this.writer = new ConjurSecretWriter(writeSettings, urls, api);
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    @Override
    public void validatePath(String path) {
        VariablePath.parse(path);
    }

    @Override
    public String fetch(String path) {
        return fetchOne(VariablePath.parse(path));
    }

    private String fetchOne(VariablePath path) {
        HttpResponse<byte[]> response;
        try {
            response = api.get(urls.secret(path), false);
        } catch (SecretManagerException e) {
            throw ConjurErrors.withPath(e, path.raw());
        }
        if (response.statusCode() != 200) {
            throw ConjurErrors.forVariable(response.statusCode(), path);
        }
        return value(response.body(), path);
    }

    /** The value as text; Conjur refuses to store empty values, so an empty answer means there is none. */
    private static String value(byte[] bytes, VariablePath path) {
        if (bytes.length == 0) {
            throw SecretManagerException.notFound(path.raw(), "Conjur variable has no value; add one with "
                    + "'conjur variable set' (Conjur does not store empty values)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> results = new HashMap<>();
        List<VariablePath> batchable = new ArrayList<>();
        List<VariablePath> single = new ArrayList<>();
        for (String p : paths) {
            try {
                VariablePath vp = VariablePath.parse(p);
                (vp.batchable() ? batchable : single).add(vp);
            } catch (SecretManagerException e) {
                results.put(p, FetchResult.error(e));
            }
        }
        if (!batchable.isEmpty() || !single.isEmpty()) {
            try {
                tokens.get();   // authenticate once up front: a rejected API key fails every path with one call
            } catch (SecretManagerException e) {
                batchable.forEach(p -> results.put(p.raw(), FetchResult.error(ConjurErrors.withPath(e, p.raw()))));
                single.forEach(p -> results.put(p.raw(), FetchResult.error(ConjurErrors.withPath(e, p.raw()))));
                batchable.clear();
                single.clear();
            }
        }
        for (List<VariablePath> chunk : BatchChunker.chunks(batchable, urls, maxUrlLength)) {
            if (chunk.size() == 1) {
                single.add(chunk.get(0));
            } else {
                fetchBatch(chunk, results);
            }
        }
        single.forEach(p -> results.put(p.raw(), fetchSingle(p)));
        Map<String, FetchResult> ordered = new LinkedHashMap<>();
        for (String p : paths) ordered.put(p, results.get(p));
        return ordered;
    }

    private FetchResult fetchSingle(VariablePath path) {
        try {
            return FetchResult.value(fetchOne(path));
        } catch (SecretManagerException e) {
            return FetchResult.error(e);
        }
    }

    private void fetchBatch(List<VariablePath> chunk, Map<String, FetchResult> results) {
        HttpResponse<byte[]> response;
        try {
            response = api.get(urls.batch(chunk), true);
        } catch (SecretManagerException e) {
            chunk.forEach(p -> results.put(p.raw(), FetchResult.error(ConjurErrors.withPath(e, p.raw()))));
            return;
        }
        int status = response.statusCode();
        if (status == 200) {
            readBatch(response, chunk, results);
        } else if (status == 403 || status == 404 || status == 406 || status == 422) {
            // All-or-nothing: one missing or unreadable variable fails the batch. Read one by one to tell which.
            LOG.debug("Conjur refused a batch of {} variables with {}; reading them one by one", chunk.size(), status);
            chunk.forEach(p -> results.put(p.raw(), fetchSingle(p)));
        } else {
            chunk.forEach(p -> results.put(p.raw(), FetchResult.error(ConjurErrors.forVariable(status, p))));
        }
    }

    private void readBatch(HttpResponse<byte[]> response, List<VariablePath> chunk, Map<String, FetchResult> results) {
        boolean base64 = response.headers().firstValue("Content-Encoding").map(v -> v.strip().equalsIgnoreCase("base64")).orElse(false);
        JsonNode map;
        try {
            map = JSON.readTree(response.body());
        } catch (IOException e) {
            map = null;
        }
        if (map == null || !map.isObject()) {
            SecretManagerException e = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("Conjur's batch answer was not a JSON object; check that url points at the Conjur API").build();
            chunk.forEach(p -> results.put(p.raw(), FetchResult.error(ConjurErrors.withPath(e, p.raw()))));
            return;
        }
        for (VariablePath p : chunk) {
            JsonNode v = map.get(urls.resourceId(p.id()));
            if (v == null || !v.isTextual()) {
                results.put(p.raw(), fetchSingle(p));   // not in the answer: ask for it alone
                continue;
            }
            try {
                byte[] bytes = base64 ? Base64.getMimeDecoder().decode(v.textValue()) : v.textValue().getBytes(StandardCharsets.UTF_8);
                results.put(p.raw(), FetchResult.value(value(bytes, p)));
            } catch (IllegalArgumentException e) {
                results.put(p.raw(), FetchResult.error(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED,
                        Reason.PROVIDER_ERROR).path(p.raw()).message("Conjur's batch answer held a value that is not valid base64").build()));
            } catch (SecretManagerException e) {
                results.put(p.raw(), FetchResult.error(e));
            }
        }
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        String p = prefix == null ? "" : prefix;
        VariableListing walk = new VariableListing(api, urls, LIST_PAGE_SIZE, 0, searchTerms(p));
        Set<String> ids = new LinkedHashSet<>();
        List<SecretInfo> out = new ArrayList<>();
        while (walk.hasNext()) {
            SecretInfo info = walk.next();
            if (info.path().startsWith(p) && ids.add(info.path())) out.add(info);
        }
        return out;
    }

    /**
     * One page of {@code query}. With no text, prefix or path filter Conjur's own offset is exact, so the page is one
     * {@code GET /resources/{account}/variable?limit=<limit+1>&offset=<offset>} (the extra item tells whether more follow).
     * Otherwise Conjur's text search (whole words, stemmed, also matching annotations) cannot express a case-insensitive
     * substring, so the walk starts at offset 0, narrowed only by the prefix's complete segments, in pages of
     * {@value #LIST_PAGE_SIZE}, and keeps what {@link SecretQuery#test} accepts until the page is full and one more match
     * was seen.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        if (query.text().isEmpty() && query.prefix().isEmpty() && !query.filtersPaths()) {
            int size = Math.min(query.limit() + 1, MAX_LIST_PAGE_SIZE);
            VariableListing walk = new VariableListing(api, urls, size, query.offset(), null);
            SecretPage page = SecretPage.walk(walk, query.offset(0));
            boolean knownEnd = !page.hasMore() && (query.offset() == 0 || !page.items().isEmpty());
            return SecretPage.of(page.items(), page.hasMore(),
                    knownEnd ? OptionalLong.of((long) query.offset() + page.items().size()) : OptionalLong.empty());
        }
        return SecretPage.walk(new VariableListing(api, urls, LIST_PAGE_SIZE, 0, searchTerms(query.prefix())), query);
    }

    /**
     * The words Conjur's text search can narrow a listing with: only the complete segments of the prefix
     * (up to its last '/'), because Conjur matches whole words, not word prefixes. Null when none is safe.
     */
    static String searchTerms(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash <= 0) return null;
        String whole = prefix.substring(0, slash);
        return SEARCHABLE.matcher(whole).matches() ? whole : null;
    }

    @Override
    public void checkConnection() {
        try {
            tokens.get();
        } catch (SecretManagerException e) {
            throw ConjurErrors.connectionStep(e, "Step 1 of 2 (authenticate as the login id)");
        }
        HttpResponse<byte[]> response;
        try {
            response = api.get(urls.whoami(), false);
        } catch (SecretManagerException e) {
            throw ConjurErrors.connectionStep(e, "Step 2 of 2 (GET /whoami with the access token)");
        }
        if (response.statusCode() != 200) {
            SecretManagerException e = response.statusCode() == 401
                    ? ConjurErrors.tokenRejected()
                    : ConjurErrors.forStatus(response.statusCode(), "GET /whoami");
            throw ConjurErrors.connectionStep(e, "Step 2 of 2 (GET /whoami with the access token)");
        }
    }

    @Override
    public void close() {
        http.close();      // calls in flight fail with reason CLOSED
        tokens.clear();    // the token leaves the context's mask list
    }

    @Override
    public String toString() {
        return "ConjurSecretProvider[" + settings + "]";
    }
}
