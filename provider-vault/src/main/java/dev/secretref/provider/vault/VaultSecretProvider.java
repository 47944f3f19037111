package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.provider.support.BoundedExecutor;
import dev.secretref.provider.support.PathGroups;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * HashiCorp Vault KV (v1 and v2). Reuses one HTTP client, one token ({@link RenewingToken}, every token it
 * obtains declared to the context's mask list) and the detected KV version of each mount ({@link MountResolver});
 * caches no values. {@link #fetchAll} reads each distinct secret path once, however many of its keys are asked
 * for, and reads distinct paths in parallel on the context's executor, at most {@code maxConcurrency} at a time.
 * {@link #close()} cuts off calls in flight (they fail with reason {@code CLOSED}).
 */
final class VaultSecretProvider implements SecretProvider {
    private final VaultSettings settings;
    private final VaultSession session;
    private final MountResolver mounts;
    private final KvReader reader;
    private final ProviderHttp http;
    private final BoundedExecutor pool;
    private final VaultSecretWriter writer;
    private final KvSearch search;

    VaultSecretProvider(VaultSettings settings, ProviderHttp http, ProviderContext context, Redactor redactor,
                        VaultWriteSettings writeSettings) {
        this.settings = settings;
        this.http = http;
        VaultHttp vault = new VaultHttp(http, settings.url(), settings.namespace(), redactor);
        RenewingToken<VaultToken> tokens = new RenewingToken<>(new VaultTokenSource(settings.auth(), vault), context.ticker(),
                redactor, VaultToken::value);
        this.session = new VaultSession(vault, tokens, settings.auth());
        this.mounts = new MountResolver(session);
        KvVersions versions = new KvVersions();
        this.reader = new KvReader(session, mounts, versions);
        this.writer = new VaultSecretWriter(writeSettings, session, mounts, versions);
        this.pool = new BoundedExecutor(context.executor(), settings.concurrency());
        this.search = new KvSearch(session, mounts, pool);
    }

    @Override
    public String fetch(String path) {
        KvPath p = KvPath.parse(path);
        return KvReader.value(reader.read(p, path), p, path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        PathGroups<KvPath, String> groups = PathGroups.of(paths, KvPath::parse, KvPath::group);
        groups.invalid().forEach((path, e) -> out.put(path, FetchResult.error(e)));
        Map<String, List<String>> byGroup = groups.groups();
        Map<String, CompletableFuture<JsonNode>> reads = new LinkedHashMap<>();
        boolean parallel = byGroup.size() > 1;
        for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
            String first = g.getValue().get(0);
            KvPath p = groups.parsed(first);
            if (parallel) {
                try {
                    reads.put(g.getKey(), CompletableFuture.supplyAsync(() -> reader.read(p, first), pool));
                } catch (RejectedExecutionException e) {
                    reads.put(g.getKey(), CompletableFuture.failedFuture(closed()));
                }
            } else {
                try {
                    reads.put(g.getKey(), CompletableFuture.completedFuture(reader.read(p, first)));
                } catch (RuntimeException e) {
                    reads.put(g.getKey(), CompletableFuture.failedFuture(e));
                }
            }
        }
        for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
            JsonNode data = null;
            SecretManagerException error = null;
            try {
                data = reads.get(g.getKey()).join();
            } catch (CompletionException e) {
                error = asSecretError(e.getCause());
            }
            for (String path : g.getValue()) {
                if (error != null) {
                    out.put(path, FetchResult.error(error.toBuilder().path(path).build()));
                    continue;
                }
                try {
                    out.put(path, FetchResult.value(KvReader.value(data, groups.parsed(path), path)));
                } catch (SecretManagerException e) {
                    out.put(path, FetchResult.error(e));
                }
            }
        }
        return PathGroups.ordered(paths, out);
    }

    private static SecretManagerException asSecretError(Throwable t) {
        if (t instanceof SecretManagerException sme) return sme;
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                .message("Reading from Vault failed: " + t.getClass().getSimpleName()).cause(t).build();
    }

    private static SecretManagerException closed() {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.CLOSED)
                .message("This Vault provider is closed").build();
    }

    @Override
    public void validatePath(String path) {
        KvPath.parse(path);
    }

    /**
     * Logs in (if the auth method logs in) and reads {@code GET /v1/auth/token/lookup-self}, which Vault's
     * {@code default} policy allows, and checks that the answer is a token's description ({@code data} with
     * {@code policies} and {@code ttl}): any other server answering 200 is not Vault. Needs no {@code sys/}
     * access. The error names the failed step.
     */
    @Override
    public void checkConnection() {
        try {
            session.tokens().get();
            VaultResponse r = session.call("GET", "auth/token/lookup-self", null);
            if (!r.ok()) throw VaultErrors.request(r, "GET", "auth/token/lookup-self", "read", null);
            JsonNode data = r.body().path("data");
            if (!data.isObject() || !data.path("policies").isArray() || !data.path("ttl").isNumber()) {
                throw VaultErrors.notVault(session.address());
            }
        } catch (SecretManagerException e) {
            throw VaultErrors.connectionStep(e);
        }
    }

    /**
     * Names under {@code prefix}, which starts with a mount: {@code secret/}, {@code secret/data/app/}
     * (KV v2, listed at {@code secret/metadata/app/}) or {@code kv1/app/}. Folder names end with {@code /}.
     */
    @Override
    public List<SecretInfo> list(String prefix) {
        String dir = VaultPaths.trimSlashes(prefix == null ? "" : prefix.strip());
        if (dir.isEmpty()) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE)
                    .message("List a prefix that starts with a KV mount, e.g. secret/ or secret/data/app/ "
                            + "(listing the mounts themselves would need sys/mounts, which this provider never asks for)").build();
        }
        KvMount mount = mounts.mountFor(dir, prefix);
        String rel = mount.relative(dir);
        boolean dataForm = rel.equals("data") || rel.startsWith("data/");
        String apiPath;
        String refPrefix;
        if (mount.version() == 2 || (mount.version() == KvMount.UNKNOWN && dataForm)) {
            String name = dataForm ? rel.substring(Math.min(rel.length(), 5)) : rel;
            apiPath = mount.path() + "/metadata/" + (name.isEmpty() ? "" : name + "/");
            refPrefix = mount.path() + "/data/" + (name.isEmpty() ? "" : name + "/");
        } else {
            apiPath = mount.path() + "/" + (rel.isEmpty() ? "" : rel + "/");
            refPrefix = apiPath;
        }
        String api = VaultPaths.encode(apiPath);
        VaultResponse r = session.call("LIST", api, null);
        if (r.status() == 404) return List.of();
        if (!r.ok()) throw VaultErrors.request(r, "LIST", api, "list", prefix);
        JsonNode keys = r.body().path("data").path("keys");
        List<SecretInfo> out = new ArrayList<>();
        for (JsonNode k : keys) {
            String name = k.asText("");
            if (name.isEmpty()) continue;
            out.add(SecretInfo.of(refPrefix + name, name.endsWith("/") ? "folder" : KvSearch.SECRET_DESCRIPTION));
        }
        return out;
    }

    /**
     * Secrets (not folders) whose reference path starts with the query's prefix and contains its text, found by
     * listing folders ({@link KvSearch}): Vault has no server-side filter, so a page costs one {@code LIST} per
     * folder the walk reaches, plus one metadata read per KV v2 secret of the page when the query asks for times.
     * A prefix without {@code /} (or none) searches every KV mount the token can see.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        return search.search(query);
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    @Override
    public void close() {
        pool.close();                 // new batches are refused
        http.close();                 // calls in flight and queued reads fail at once with reason CLOSED
        session.tokens().clear();     // the token leaves the context's mask list
    }

    @Override
    public String toString() {
        return "VaultSecretProvider[" + settings + "]";
    }
}
