package dev.secretref.provider.gcp;

import dev.secretref.provider.support.JsonKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.provider.support.PagedListing;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Reads Google Secret Manager secret versions: {@link #fetch} is one {@code :access} call; {@link #fetchAll}
 * reads each distinct secret version once, at most {@code maxConcurrency} at a time, and serves every path
 * (JSON keys included) from that read. Thread-safe; the token is shared and renewed by {@link AccessTokens}.
 */
final class GcpSecretProvider implements SecretProvider {
    static final int LIST_PAGE_SIZE = 250;
    private static final int MAX_LIST_PAGES = 10_000;
    /** A secret id nobody creates: {@link #checkConnection} reads it and expects 404. */
    static final String PROBE_SECRET = "secretref-connection-check-absent";
    private static final Pattern FILTERABLE = Pattern.compile("[A-Za-z0-9_-]+");
    /** A {@code name:} filter term: secret-id characters, not starting with '-' (which the filter language reads as NOT). */
    private static final Pattern FILTER_TERM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    /** secrets.list caps pageSize at 25,000. */
    static final int MAX_PAGE_SIZE = 25_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GcpSettings settings;
    private final AccessTokens tokens;
    private final SecretManagerApi api;
    private final GoogleErrors errors;
    private final Executor executor;
    private final AutoCloseable onClose;
    private final GcpSecretWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PagedListing listing;

    GcpSecretProvider(GcpSettings settings, AccessTokens tokens, SecretManagerApi api, Executor executor, AutoCloseable onClose,
                      Ticker ticker) {
        this.settings = settings;
        this.tokens = tokens;
        this.api = api;
        this.errors = new GoogleErrors(settings.serviceAccountEmail());
        this.executor = executor;
        this.onClose = onClose;
        this.writer = new GcpSecretWriter(settings, api, errors, this::ensureOpen);
        this.listing = PagedListing.create(ticker, MAX_LIST_PAGES);
    }

    @Override
    public void validatePath(String path) {
        parse(path);
    }

    private SecretPath parse(String path) {
        return SecretPath.parse(path, settings.projectId(), settings.location());
    }

    @Override
    public String fetch(String path) {
        ensureOpen();
        SecretPath p = parse(path);
        Payload payload;
        try {
            payload = read(p.target);
        } catch (SecretManagerException e) {
            throw e.toBuilder().path(path).build();
        }
        return valueAt(p, payload);
    }

    /** One {@code :access} call for {@code t}. */
    private Payload read(SecretPath.Target t) {
        HttpResponse<byte[]> r = api.access(t);
        if (r.statusCode() != 200) {
            throw errors.map(GoogleErrors.Op.READ, GoogleError.of(r), "reading " + t.describe());
        }
        return Payload.decode(r.body(), t.describe());
    }

    private String valueAt(SecretPath p, Payload payload) {
        if (p.jsonKey.isEmpty()) return payload.text();
        String key = p.jsonKey.get();
        String what = p.target.describe();
        if (payload.binary()) {
            throw SecretManagerException.notFound(p.raw, "The payload of " + what + " is not UTF-8 text, so it has no JSON key '" + key
                    + "'; reference it without ':" + key + "' to get its bytes as base64");
        }
        Optional<String> v;
        try {
            v = JsonKeys.read(payload.text(), key);
        } catch (JsonKeys.NotAJsonObject e) {
            throw SecretManagerException.notFound(p.raw, "The payload of " + what + " is not a JSON object, so it has no key '" + key
                    + "'; reference it without ':" + key + "' to get the whole text");
        }
        return v.orElseThrow(() -> SecretManagerException.notFound(p.raw, "The payload of " + what + " has no JSON key '" + key
                + "'; check the key's spelling (keys are case-sensitive)"));
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        ensureOpen();
        Map<String, FetchResult> out = new LinkedHashMap<>();
        Map<SecretPath.Target, List<SecretPath>> byTarget = new LinkedHashMap<>();
        for (String path : paths) {
            try {
                SecretPath p = parse(path);
                byTarget.computeIfAbsent(p.target, k -> new ArrayList<>()).add(p);
            } catch (SecretManagerException e) {
                out.put(path, FetchResult.error(e));
            }
        }
        Map<SecretPath.Target, Object> read = readAll(byTarget.keySet());
        for (Map.Entry<SecretPath.Target, List<SecretPath>> e : byTarget.entrySet()) {
            Object r = read.get(e.getKey());
            for (SecretPath p : e.getValue()) {
                if (r instanceof SecretManagerException sme) {
                    out.put(p.raw, FetchResult.error(sme.toBuilder().path(p.raw).build()));
                } else {
                    try {
                        out.put(p.raw, FetchResult.value(valueAt(p, (Payload) r)));
                    } catch (SecretManagerException sme) {
                        out.put(p.raw, FetchResult.error(sme));
                    }
                }
            }
        }
        Map<String, FetchResult> ordered = new LinkedHashMap<>();
        for (String p : paths) ordered.put(p, out.get(p));
        return ordered;
    }

    /**
     * Reads every target once with at most {@code maxConcurrency} calls in flight: that many workers drain one
     * queue, one of them on the calling thread. The caller waits for the results, not for the helpers, so a
     * helper the executor never gets round to running (a saturated pool) cannot stall the batch: the caller
     * drains the queue itself. Each result is a {@link Payload} or the {@link SecretManagerException} for that target.
     */
    private Map<SecretPath.Target, Object> readAll(Set<SecretPath.Target> targets) {
        Map<SecretPath.Target, Object> results = new ConcurrentHashMap<>();
        if (targets.isEmpty()) return results;
        ConcurrentLinkedQueue<SecretPath.Target> queue = new ConcurrentLinkedQueue<>(targets);
        CountDownLatch done = new CountDownLatch(targets.size());
        Runnable worker = () -> {
            SecretPath.Target t;
            while ((t = queue.poll()) != null) {
                Object r;
                try {
                    r = read(t);
                } catch (SecretManagerException e) {
                    r = e;
                } catch (RuntimeException e) {
                    r = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                            .message("Reading " + t.describe() + " failed unexpectedly (" + e.getClass().getSimpleName() + ")")
                            .cause(e).build();
                }
                results.put(t, r);
                done.countDown();
            }
        };
        int workers = Math.min(targets.size(), settings.maxConcurrency());
        for (int i = 1; i < workers; i++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break;   // fewer helpers: the calling thread drains what is left
            }
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("Interrupted while reading a batch of secrets").build();
        }
        return results;
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        ensureOpen();
        String p = prefix == null ? "" : prefix;
        String parent = parent();
        String filter = !p.isEmpty() && FILTERABLE.matcher(p).matches() ? "name:" + p : null;
        Set<SecretInfo> out = new LinkedHashSet<>();
        listing.walk(secretPages(parent, LIST_PAGE_SIZE, filter)).forEachRemaining(info -> {
            if (info.path().startsWith(p)) out.add(info);
        });
        List<SecretInfo> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(SecretInfo::path));
        return List.copyOf(sorted);
    }

    /**
     * One page of a query, read lazily from {@code secrets.list} in the API's order (newest {@code createTime}
     * first): the request asks for {@code offset + limit + 1} secrets (at most 25,000) and a {@code name:} filter
     * when the query has a term Google can match without changing the answer (the prefix; the text only when it has
     * no letters, since the docs do not say whether {@code name:} ignores case). The whole query is applied here to
     * what comes back, and more pages are read only while the page is not full; a later page of the same query starts
     * at the page token where the previous one stopped while that is remembered ({@link PagedListing}), and with no
     * filter at all Google's {@code totalSize} ends the page without reading one more. {@code createdAt} comes with the
     * listing; {@code updatedAt} (the newest version's {@code createTime}) costs one {@code versions.get} per item
     * and is read only when the query asks for timestamps. The total is Google's {@code totalSize} when nothing
     * narrows the listing (Google gives 0 once a filter is set).
     */
    @Override
    public SecretPage search(SecretQuery query) {
        ensureOpen();
        String parent = parent();
        String filter = filterFor(query);
        int pageSize = (int) Math.min(MAX_PAGE_SIZE, (long) query.offset() + query.limit() + 1);
        SecretPage page = listing.search(query, filter, secretPages(parent, pageSize, filter));
        if (!query.timestamps()) return page;
        return SecretPage.of(withUpdateTimes(parent, page.items()), page.hasMore(), page.total());
    }

    /** {@code name:prefix [AND name:text]} for the terms Google matches at least as loosely as the query, or null. */
    private static String filterFor(SecretQuery query) {
        List<String> terms = new ArrayList<>();
        if (FILTER_TERM.matcher(query.prefix()).matches()) terms.add("name:" + query.prefix());
        String text = query.text();
        if (FILTER_TERM.matcher(text).matches() && text.toLowerCase(Locale.ROOT).equals(text.toUpperCase(Locale.ROOT))) {
            terms.add("name:" + text);
        }
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    /** Each item with its newest version's {@code createTime} as {@code updatedAt}: one {@code versions.get} per item. */
    private List<SecretInfo> withUpdateTimes(String parent, List<SecretInfo> items) {
        List<SecretInfo> out = new ArrayList<>(items.size());
        for (SecretInfo info : items) {
            String name = parent + "/secrets/" + info.path() + "/versions/latest";
            HttpResponse<byte[]> r = api.getVersion(name);
            Optional<Instant> updated = Optional.empty();
            if (r.statusCode() == 200) {
                updated = instant(json(r, "reading version metadata of " + name).path("createTime").asText(null));
            } else if (r.statusCode() != 404) {   // 404: a secret without versions has no update time
                throw errors.map(GoogleErrors.Op.LIST, GoogleError.of(r), "reading the newest version's metadata of secret '"
                        + info.path() + "' (for its update time; needs secretmanager.versions.get)");
            }
            out.add(info.withTimes(info.createdAt(), updated));
        }
        return out;
    }

    /**
     * {@code secrets.list} for {@link PagedListing}: {@code size} secrets on the first page and at least
     * {@value #LIST_PAGE_SIZE} on the next ones, the filter, and each next token carrying the page size it is to be
     * asked with ({@code "size:pageToken"}), so a page fetched again from a resume point holds the same secrets as
     * when it was first read. The total is Google's {@code totalSize} when no filter is
     * sent (it gives 0 once one is).
     */
    private PagedListing.Source secretPages(String parent, int size, String filter) {
        // pages after the first hold at least LIST_PAGE_SIZE: a filtered walk resumed there finds the next page's
        // matches in one call rather than refetching a page cut at the previous page's end
        int nextSize = Math.max(size, LIST_PAGE_SIZE);
        return token -> {
            int pageSize = size;
            String pageToken = null;
            if (!token.isEmpty()) {
                int colon = token.indexOf(':');
                pageSize = Integer.parseInt(token.substring(0, colon));
                pageToken = token.substring(colon + 1);
            }
            ListPage r = listPage(parent, pageSize, pageToken, filter);
            String next = r.nextPageToken().isEmpty() ? "" : nextSize + ":" + r.nextPageToken();
            return new PagedListing.Page(r.items(), next,
                    filter == null && r.totalSize() >= 0 ? OptionalLong.of(r.totalSize()) : OptionalLong.empty());
        };
    }

    /** One answer of {@code secrets.list}: the secret ids with their {@code createTime}. */
    private record ListPage(List<SecretInfo> items, String nextPageToken, long totalSize) { }

    private ListPage listPage(String parent, int pageSize, String pageToken, String filter) {
        HttpResponse<byte[]> r = api.list(parent, pageSize, pageToken, filter);
        if (r.statusCode() != 200) {
            throw errors.map(GoogleErrors.Op.LIST, GoogleError.of(r), "listing secrets in " + parent
                    + " (needs secretmanager.secrets.list)");
        }
        JsonNode body = json(r, "listing secrets in " + parent);
        List<SecretInfo> items = new ArrayList<>();
        for (JsonNode s : body.path("secrets")) {
            String name = s.path("name").asText("");
            String id = name.substring(name.lastIndexOf('/') + 1);
            if (!id.isEmpty()) items.add(SecretInfo.of(id).withTimes(instant(s.path("createTime").asText(null)), Optional.empty()));
        }
        return new ListPage(items, body.path("nextPageToken").asText(""), body.path("totalSize").asLong(-1));
    }

    private static JsonNode json(HttpResponse<byte[]> r, String what) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("Google Secret Manager's answer to " + what + " is not a JSON object; "
                            + "check that endpoint points at the Secret Manager API").build();
        }
        return body;
    }

    private String parent() {
        return "projects/" + settings.projectId() + settings.location().map(l -> "/locations/" + l).orElse("");
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Step 1 obtains an access token; step 2 reads a secret that does not exist: 404 proves the endpoint, the
     * token and the access permission (with the accessor role the API says 404 for a missing secret, without
     * it 403). Needs no list permission.
     */
    @Override
    public void checkConnection() {
        ensureOpen();
        try {
            tokens.token();
        } catch (SecretManagerException e) {
            throw connection(e, "Step 1 of 2 (obtain a Google access token)");
        }
        SecretPath.Target probe = new SecretPath.Target(settings.projectId(), settings.location().orElse(null), PROBE_SECRET, "latest");
        String step = "Step 2 of 2 (read a secret that does not exist, expecting 404)";
        HttpResponse<byte[]> r;
        try {
            r = api.access(probe);
        } catch (SecretManagerException e) {
            throw connection(e, step);
        }
        int status = r.statusCode();
        if (status == 404 || status == 200) return;
        throw connection(errors.map(GoogleErrors.Op.READ, GoogleError.of(r), "reading " + probe.describe()), step);
    }

    private static SecretManagerException connection(SecretManagerException e, String step) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                .message(step + " failed: " + e.getMessage()).cause(e.getCause()).build();
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.CLOSED)
                    .message("This Google Secret Manager provider is closed").build();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        tokens.close();
        try {
            onClose.close();
        } catch (Exception e) {
            // releasing threads cannot fail in a way the caller could act on
        }
    }

    @Override
    public String toString() {
        return "GcpSecretProvider[" + settings + "]";
    }
}
