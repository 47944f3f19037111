package dev.secretref.provider.aws;

import dev.secretref.provider.support.JsonKeys;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.PathGroups;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;

/**
 * Reads secrets from AWS Secrets Manager. {@link #fetchAll} batches through {@code BatchGetSecretValue}
 * (at most 20 secrets per call, each secret once however many keys are asked of it) and falls back to
 * {@code GetSecretValue} for good when the caller may not call the batch API. Thread-safe: the SDK
 * clients are, and the only state of its own is that fallback flag.
 */
final class AwsSecretProvider implements SecretProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AwsSecretProvider.class);
    static final int BATCH_LIMIT = 20;
    private static final int MAX_PAGES = 1000;
    /** ListSecrets returns at most 100 secrets per call (MaxResults 1..100). */
    static final int LIST_PAGE = 100;
    /** 500,000 secrets, the per-region quota: a listing stops there even if AWS kept sending tokens. */
    private static final int MAX_LIST_PAGES = 5_000;
    /** A name filter AWS accepts that a secret name can start with: the characters of secret names. */
    private static final Pattern NAME_FILTER = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String GET_ACTION = "secretsmanager:GetSecretValue";
    private static final String BATCH_ACTION = "secretsmanager:BatchGetSecretValue and secretsmanager:GetSecretValue";

    private final AwsSettings settings;
    private final AwsClients clients;
    private final AwsErrors errors;
    private final AtomicBoolean batchDenied = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AwsSecretWriter writer;

    AwsSecretProvider(AwsSettings settings, AwsClients clients, AwsWriteSettings writeSettings) {
        this.settings = settings;
        this.clients = clients;
        this.errors = new AwsErrors(settings);
        this.writer = new AwsSecretWriter(settings, writeSettings, clients, this::ensureOpen);
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
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
        // one remote read per target (secret + version), however many keys are asked of it
        for (String path : paths) out.put(path, null);
        PathGroups<SecretPath, SecretPath.Target> groups = PathGroups.of(paths, SecretPath::parse, SecretPath::target);
        groups.invalid().forEach((path, e) -> out.put(path, FetchResult.error(e)));
        Map<SecretPath.Target, List<SecretPath>> byTarget = new LinkedHashMap<>();
        groups.groups().forEach((t, ps) -> byTarget.put(t, ps.stream().map(groups::parsed).toList()));
        List<SecretPath.Target> batchable = new ArrayList<>();
        for (Map.Entry<SecretPath.Target, List<SecretPath>> e : byTarget.entrySet()) {
            // BatchGetSecretValue returns the AWSCURRENT version only
            if (e.getKey().hasVersion()) readOneByOne(e.getKey(), e.getValue(), out);
            else batchable.add(e.getKey());
        }
        for (int from = 0; from < batchable.size(); from += BATCH_LIMIT) {
            List<SecretPath.Target> chunk = batchable.subList(from, Math.min(from + BATCH_LIMIT, batchable.size()));
            if (batchDenied.get()) {
                chunk.forEach(t -> readOneByOne(t, byTarget.get(t), out));
            } else {
                readBatch(chunk, byTarget, out);
            }
        }
        return out;
    }

    private void readBatch(List<SecretPath.Target> chunk, Map<SecretPath.Target, List<SecretPath>> byTarget,
                           Map<String, FetchResult> out) {
        List<String> ids = chunk.stream().map(SecretPath.Target::secretId).toList();
        Map<String, StoredSecret> found = new HashMap<>();
        Map<String, APIErrorType> failed = new HashMap<>();
        try {
            String token = null;
            int pages = 0;
            do {
                String next = token;
                BatchGetSecretValueResponse r = clients.secretsManager.batchGetSecretValue(b -> b.secretIdList(ids).nextToken(next));
                for (SecretValueEntry entry : r.secretValues()) {
                    for (String id : ids) {
                        if (matches(id, entry.name(), entry.arn())) found.put(id, StoredSecret.of(entry));
                    }
                }
                for (APIErrorType err : r.errors()) {
                    if (err.secretId() != null && ids.contains(err.secretId())) failed.put(err.secretId(), err);
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty() && ++pages < MAX_PAGES);
        } catch (SdkException e) {
            if (isAccessDenied(e)) {
                if (batchDenied.compareAndSet(false, true)) {
                    LOG.info("Manager '{}' may not call secretsmanager:BatchGetSecretValue; reading secrets one by one with "
                            + "GetSecretValue from now on (grant BatchGetSecretValue to save calls)", settings.manager);
                }
                chunk.forEach(t -> readOneByOne(t, byTarget.get(t), out));
                return;
            }
            for (SecretPath.Target t : chunk) {
                for (SecretPath p : byTarget.get(t)) {
                    out.put(p.raw, FetchResult.error(closed.get() ? closedError().toBuilder().path(p.raw).build()
                            : errors.forSecret(e, t, p.raw, BATCH_ACTION)));
                }
            }
            return;
        }
        for (SecretPath.Target t : chunk) {
            List<SecretPath> wanted = byTarget.get(t);
            StoredSecret s = found.get(t.secretId());
            APIErrorType err = failed.get(t.secretId());
            if (s != null) {
                wanted.forEach(p -> out.put(p.raw, extract(p, s)));
            } else if (err != null) {
                String code = err.errorCode() == null ? "" : err.errorCode();
                for (SecretPath p : wanted) {
                    out.put(p.raw, FetchResult.error(errors.forErrorCode(code, 0, null, false, t.describe(), t.secretId(), p.raw, GET_ACTION)));
                }
            } else {
                // AWS answered neither a value nor an error for this id (e.g. a partial ARN): ask for it alone
                readOneByOne(t, wanted, out);
            }
        }
    }

    /** Whether a batch answer entry is the secret asked for by {@code id} (a name, a full ARN, or an ARN without its suffix). */
    private static boolean matches(String id, String name, String arn) {
        if (id.equals(name) || id.equals(arn)) return true;
        return arn != null && id.startsWith("arn:") && arn.startsWith(id + "-") && arn.length() == id.length() + 7;
    }

    private void readOneByOne(SecretPath.Target t, List<SecretPath> wanted, Map<String, FetchResult> out) {
        StoredSecret s;
        try {
            s = read(t, wanted.get(0).raw);
        } catch (SecretManagerException e) {
            for (SecretPath p : wanted) out.put(p.raw, FetchResult.error(e.toBuilder().path(p.raw).build()));
            return;
        }
        wanted.forEach(p -> out.put(p.raw, extract(p, s)));
    }

    private FetchResult extract(SecretPath p, StoredSecret s) {
        try {
            return FetchResult.value(valueAt(p, s));
        } catch (SecretManagerException e) {
            return FetchResult.error(e);
        }
    }

    private StoredSecret read(SecretPath.Target t, String path) {
        GetSecretValueRequest.Builder b = GetSecretValueRequest.builder().secretId(t.secretId());
        if (t.versionStage() != null) b.versionStage(t.versionStage());
        if (t.versionId() != null) b.versionId(t.versionId());
        try {
            return StoredSecret.of(clients.secretsManager.getSecretValue(b.build()));
        } catch (SdkException e) {
            if (closed.get()) throw closedError();
            throw errors.forSecret(e, t, path, GET_ACTION);
        }
    }

    /** The value {@code p} asks for out of the secret's content. */
    private String valueAt(SecretPath p, StoredSecret s) {
        String what = p.target().describe();
        if (p.jsonKey.isEmpty()) {
            if (s.hasString()) return s.string();
            if (s.hasBinary()) return s.binaryAsBase64();
            throw notFound(p, "Secret " + what + " has no value (neither SecretString nor SecretBinary)");
        }
        String key = p.jsonKey.get();
        if (!s.hasString()) {
            throw notFound(p, "Secret " + what + " holds binary data (SecretBinary), so it has no JSON key '" + key
                    + "'; reference it without ':" + key + "' to get its bytes as base64 text");
        }
        Optional<String> value;
        try {
            value = JsonKeys.read(s.string(), key);
        } catch (JsonKeys.NotAJsonObject e) {
            throw notFound(p, "Secret " + what + " is not a JSON object, so it has no key '" + key
                    + "'; reference it without ':" + key + "' to get its whole text");
        }
        return value.orElseThrow(() -> notFound(p, "Secret " + what + " has no JSON key '" + key
                + "'; check the key's spelling (keys are case-sensitive)"));
    }

    private static SecretManagerException notFound(SecretPath p, String message) {
        return SecretManagerException.notFound(p.raw, message);
    }

    private static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && "AccessDeniedException".equals(ase.awsErrorDetails().errorCode());
    }

    @Override
    public void checkConnection() {
        ensureOpen();
        try {
            clients.sts.getCallerIdentity(r -> r.overrideConfiguration(o -> o.credentialsProvider(clients.credentials)));
        } catch (SdkException e) {
            if (closed.get()) throw closedError();
            throw errors.forConnectionCheck(e);
        }
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        ensureOpen();
        String p = prefix == null ? "" : prefix;
        List<SecretInfo> out = new ArrayList<>();
        Listing listing = new Listing(p);
        while (listing.hasNext()) {
            SecretInfo info = listing.next();
            if (info.path().startsWith(p)) out.add(info);
        }
        return out;
    }

    /**
     * Walks {@code ListSecrets} (oldest first, {@value #LIST_PAGE} per call, the query's prefix as a {@code name}
     * filter) only as far as the page needs: AWS has no substring match nor offset, so the text, the path filter and
     * the offset are applied here to what it returns. Names, descriptions and times come from the listing itself.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        ensureOpen();
        return SecretPage.walk(new Listing(query.prefix()), query);
    }

    /**
     * The secrets {@code ListSecrets} returns, one remote page fetched when the walk needs it. Sorted by
     * {@code CreatedDate} ascending: a secret created between two pages comes last, so earlier pages do not
     * shift. The {@code name} filter (a case-sensitive prefix match at AWS, possibly looser) narrows what is
     * sent back; callers still check each name.
     */
    private final class Listing implements Iterator<SecretInfo> {
        private final String nameFilter;
        private Iterator<SecretListEntry> page = Collections.emptyIterator();
        private String token;
        private boolean last;
        private int pages;
        private SecretInfo next;

        Listing(String prefix) {
            // a prefix with characters no secret name has (or a leading '!', a negated filter) is matched here only
            this.nameFilter = NAME_FILTER.matcher(prefix).matches() ? prefix : null;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (page.hasNext()) {
                    SecretListEntry e = page.next();
                    if (e.name() != null) next = info(e);
                } else if (last) {
                    return false;
                } else {
                    fetch();
                }
            }
            return true;
        }

        @Override
        public SecretInfo next() {
            if (!hasNext()) throw new NoSuchElementException();
            SecretInfo out = next;
            next = null;
            return out;
        }

        private void fetch() {
            ListSecretsRequest.Builder b = ListSecretsRequest.builder().maxResults(LIST_PAGE).sortOrder(SortOrderType.ASC)
                    .nextToken(token);
            if (nameFilter != null) b.filters(Filter.builder().key(FilterNameStringType.NAME).values(nameFilter).build());
            ListSecretsResponse r;
            try {
                r = clients.secretsManager.listSecrets(b.build());
            } catch (SdkException e) {
                if (closed.get()) throw closedError();
                throw errors.forListing(e);
            }
            page = r.secretList().iterator();
            token = r.nextToken();
            last = token == null || token.isEmpty() || ++pages >= MAX_LIST_PAGES;
        }
    }

    private static SecretInfo info(SecretListEntry e) {
        String description = e.description() == null ? "" : e.description();
        return SecretInfo.of(e.name(), description)
                .withTimes(Optional.ofNullable(e.createdDate()), Optional.ofNullable(e.lastChangedDate()));
    }

    private void ensureOpen() {
        if (closed.get()) throw closedError();
    }

    private SecretManagerException closedError() {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.CLOSED)
                .message("The AWS provider of manager '" + settings.manager + "' is closed (a call in flight was cut off)").build();
    }

    /** Cuts off calls in flight at once (they fail with reason {@code CLOSED}), then closes the SDK clients. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) clients.close();
    }

    @Override
    public String toString() {
        return "AwsSecretProvider[manager=" + settings.manager + ", region=" + settings.region + ", endpoint="
                + settings.endpointDescription() + ", auth=" + settings.authDescription()
                + (batchDenied.get() ? ", batch=denied (GetSecretValue per secret)" : "") + "]";
    }
}
