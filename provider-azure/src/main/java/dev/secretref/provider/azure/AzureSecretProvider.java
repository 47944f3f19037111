package dev.secretref.provider.azure;

import dev.secretref.provider.support.JsonKeys;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.provider.support.PagedListing;
import dev.secretref.provider.azure.AzureErrors.Operation;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads, lists and (through {@link AzureSecretWriter}) writes the secrets of one Key Vault. Key Vault has no
 * batch read, so {@link #fetchAll} reads each distinct secret (and version) once, up to {@code maxConcurrency}
 * at a time. A secret that is disabled, outside its {@code nbf}/{@code exp} window or soft-deleted is
 * {@code NOT_FOUND}, saying which. Thread-safe: the SDK client is, and the rest is immutable.
 */
final class AzureSecretProvider implements SecretProvider {
    /** A name no one stores: reading it proves reachability and credentials without list permission. */
    static final String PROBE_NAME = "secretref-connection-check-absent";
    /** 25 secrets a page: a vault's listing stops after this many pages even if Key Vault kept sending nextLinks. */
    private static final int MAX_LIST_PAGES = 40_000;

    private final AzureSettings settings;
    private final KeyVaultSession session;
    private final AzureErrors errors;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final Clock clock;
    private final AzureSecretWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PagedListing listing;

    AzureSecretProvider(AzureSettings settings, KeyVaultSession session, Executor executor, Clock clock, Sleeper sleeper,
                        Ticker ticker) {
        this.settings = settings;
        this.session = session;
        this.errors = new AzureErrors(settings);
        this.clock = clock;
        if (executor == null) {
            AtomicInteger count = new AtomicInteger();
            this.ownExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "secretref-azure-" + settings.manager + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        } else {
            this.ownExecutor = null;
            this.executor = executor;
        }
        this.writer = new AzureSecretWriter(settings, session, errors, sleeper, this::ensureOpen);
        this.listing = PagedListing.create(ticker, MAX_LIST_PAGES);
    }

    @Override
    public void validatePath(String path) {
        SecretPath.parse(path);
    }

    @Override
    public String fetch(String path) {
        ensureOpen();
        SecretPath p = SecretPath.parse(path);
        return valueAt(p, read(p.target(), path));
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        ensureOpen();
        Map<String, FetchResult> out = new LinkedHashMap<>();
        Map<SecretPath.Target, List<SecretPath>> byTarget = new LinkedHashMap<>();
        for (String path : paths) {
            out.put(path, null);
            try {
                SecretPath p = SecretPath.parse(path);
                byTarget.computeIfAbsent(p.target(), t -> new ArrayList<>()).add(p);
            } catch (SecretManagerException e) {
                out.put(path, FetchResult.error(e));
            }
        }
        Map<String, FetchResult> results = new ConcurrentHashMap<>();
        FanOut.run(new ArrayList<>(byTarget.keySet()), settings.maxConcurrency, executor, target -> {
            List<SecretPath> wanted = byTarget.get(target);
            KeyVaultSecret secret;
            try {
                secret = read(target, wanted.get(0).raw);
            } catch (SecretManagerException e) {
                wanted.forEach(p -> results.put(p.raw, FetchResult.error(e.toBuilder().path(p.raw).build())));
                return;
            } catch (RuntimeException e) {
                SecretManagerException failure = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED,
                        Reason.PROVIDER_ERROR).message("Reading secret " + target.describe() + " failed: "
                        + e.getClass().getSimpleName()).build();
                wanted.forEach(p -> results.put(p.raw, FetchResult.error(failure.toBuilder().path(p.raw).build())));
                return;
            }
            for (SecretPath p : wanted) {
                try {
                    results.put(p.raw, FetchResult.value(valueAt(p, secret)));
                } catch (SecretManagerException e) {
                    results.put(p.raw, FetchResult.error(e));
                }
            }
        });
        out.replaceAll((path, r) -> r != null ? r : results.get(path));
        return out;
    }

    /** One GET of the secret (latest or pinned version), checked to be enabled and inside its validity window. */
    private KeyVaultSecret read(SecretPath.Target t, String path) {
        KeyVaultSecret secret;
        try {
            secret = session.call(c -> c.getSecret(t.name(), t.version()));
        } catch (RuntimeException e) {
            SecretManagerException mapped = errors.map(e, Operation.READ, "secret " + t.describe(), path);
            if (mapped.reason() == Reason.NOT_FOUND && isStatus(e, 404)) throw notFound(t, path);
            throw mapped;
        }
        checkUsable(secret.getProperties(), t, path);
        if (secret.getValue() == null) {
            throw SecretManagerException.notFound(path, "Secret " + t.describe() + " in Azure Key Vault " + settings.vaultHost()
                    + " has no value");
        }
        return secret;
    }

    /** Not found: says whether the secret is soft-deleted (when the identity may see deleted secrets). */
    private SecretManagerException notFound(SecretPath.Target t, String path) {
        String base = "Azure Key Vault " + settings.vaultHost() + " has no secret " + t.describe();
        if (t.version() != null) {
            return SecretManagerException.notFound(path, base + "; check the secret name and the version id");
        }
        Optional<DeletedSecret> deleted;
        try {
            deleted = Optional.ofNullable(session.call(c -> c.getDeletedSecret(t.name())));
        } catch (RuntimeException e) {
            deleted = Optional.empty();   // not deleted, or the identity may not see deleted secrets
        }
        if (deleted.isPresent()) {
            DeletedSecret d = deleted.get();
            return SecretManagerException.notFound(path, "Secret " + t.describe() + " in Azure Key Vault " + settings.vaultHost()
                    + " is soft-deleted" + Optional.ofNullable(d.getDeletedOn()).map(o -> " (deleted " + o.toInstant() + ")").orElse("")
                    + "; recover it (az keyvault secret recover) or reference another secret");
        }
        return SecretManagerException.notFound(path, base + "; check the secret name (names are letters, digits and dashes; "
                + "a recently deleted secret stays soft-deleted until recovered or purged)");
    }

    private void checkUsable(SecretProperties props, SecretPath.Target t, String path) {
        if (props == null) return;
        String what = "Secret " + t.describe() + " in Azure Key Vault " + settings.vaultHost();
        if (Boolean.FALSE.equals(props.isEnabled())) {
            throw SecretManagerException.notFound(path, what + " is disabled; enable it (or its version) to read it");
        }
        Instant now = clock.instant();
        OffsetDateTime nbf = props.getNotBefore();
        if (nbf != null && now.isBefore(nbf.toInstant())) {
            throw SecretManagerException.notFound(path, what + " is not valid yet (nbf " + nbf.toInstant()
                    + "); wait for its activation date or change it");
        }
        OffsetDateTime exp = props.getExpiresOn();
        if (exp != null && !now.isBefore(exp.toInstant())) {
            throw SecretManagerException.notFound(path, what + " expired at " + exp.toInstant()
                    + " (exp); set a new value or a later expiration date");
        }
    }

    /** The value {@code p} asks for out of the secret: the whole value, or one key of its JSON object. */
    private String valueAt(SecretPath p, KeyVaultSecret secret) {
        String value = secret.getValue();
        if (p.jsonKey.isEmpty()) return value;
        String key = p.jsonKey.get();
        String what = p.target().describe();
        Optional<String> v;
        try {
            v = JsonKeys.read(value, key);
        } catch (JsonKeys.NotAJsonObject e) {
            throw SecretManagerException.notFound(p.raw, "Secret " + what + " is not a JSON object, so it has no key '" + key
                    + "'; reference it without ':" + key + "' to get its whole value");
        }
        return v.orElseThrow(() -> SecretManagerException.notFound(p.raw, "Secret " + what + " has no JSON key '" + key
                + "'; check the key's spelling (keys are case-sensitive)"));
    }

    private static boolean isStatus(Throwable e, int status) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpResponseException h && h.getResponse() != null) return h.getResponse().getStatusCode() == status;
        }
        return false;
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        ensureOpen();
        String p = prefix == null ? "" : prefix;
        List<SecretInfo> out = new ArrayList<>();
        listing.walk(this::secrets).forEachRemaining(info -> {
            if (info.path().startsWith(p)) out.add(info);
        });
        return out;
    }

    /**
     * Walks Get Secrets page by page ({@code GET /secrets}, up to 25 names a page, next page by {@code nextLink}) and
     * stops at the first match past the page: Key Vault has no name filter and no offset, so the query is applied
     * here. A later page of the same query starts at the {@code nextLink} of the page where the previous one stopped
     * while that is remembered ({@link PagedListing}). Names, times and enabled state come with the listing; no value
     * is read.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        ensureOpen();
        return listing.search(query, null, this::secrets);
    }

    /** One Get Secrets call: the first page for {@code ""}, else the page at that {@code nextLink}. */
    private PagedListing.Page secrets(String nextLink) {
        ensureOpen();
        PagedResponse<SecretProperties> page;
        try {
            page = session.call(c -> {
                PagedIterable<SecretProperties> all = c.listPropertiesOfSecrets();
                Iterator<PagedResponse<SecretProperties>> pages =
                        (nextLink.isEmpty() ? all.iterableByPage() : all.iterableByPage(nextLink)).iterator();
                return pages.hasNext() ? pages.next() : null;
            });
        } catch (RuntimeException e) {
            throw errors.map(e, Operation.LIST, "", null);
        }
        if (page == null) return PagedListing.Page.of(List.of(), "");
        List<SecretInfo> items = new ArrayList<>();
        for (SecretProperties s : page.getValue()) {
            if (s.getName() != null) items.add(info(s));
        }
        return PagedListing.Page.of(items, page.getContinuationToken());
    }

    private static SecretInfo info(SecretProperties s) {
        return SecretInfo.of(s.getName(), Boolean.FALSE.equals(s.isEnabled()) ? "disabled" : "")
                .withTimes(Optional.ofNullable(s.getCreatedOn()).map(OffsetDateTime::toInstant),
                        Optional.ofNullable(s.getUpdatedOn()).map(OffsetDateTime::toInstant));
    }

    /**
     * Reads a secret that does not exist: Key Vault checks the token and the caller's rights before it looks for
     * the secret, so 404 proves reachability, credentials and read permission without needing list permission.
     */
    @Override
    public void checkConnection() {
        ensureOpen();
        try {
            session.call(c -> c.getSecret(PROBE_NAME));
        } catch (RuntimeException e) {
            if (isStatus(e, 404)) return;
            throw errors.map(e, Operation.CHECK, "", null);
        }
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.CLOSED)
                    .message("The Azure Key Vault provider of manager '" + settings.manager + "' is closed").build();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.close();
            if (ownExecutor != null) ownExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "AzureSecretProvider[" + settings + "]";
    }
}
