package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.SecretManagerException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the KV mount that holds a path and its version, once per mount, through
 * {@code GET /v1/sys/internal/ui/mounts/<path>} (answer: {@code data.path}, {@code data.options.version}).
 * Concurrent first reads of a mount share one detection. Outcomes:
 * <ul>
 *   <li>200: the mount and its version (no {@code options.version}, or "1": KV v1);</li>
 *   <li>404 (a Vault too old to have the endpoint): KV v1 at the first segment, as Vault's CLI does;</li>
 *   <li>403 (policies often deny it): version unknown; {@link KvLocation} then reads {@code mount/data/...}
 *       as KV v2 and other paths as KV v1, trying v2 when the v1 read is refused or missing;</li>
 *   <li>anything else (sealed, unreachable): the error, not cached, so the next read detects again.</li>
 * </ul>
 */
final class MountResolver {
    private static final Logger LOG = LoggerFactory.getLogger(MountResolver.class);

    private final VaultSession session;
    private final ConcurrentMap<String, CompletableFuture<KvMount>> detections = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<KvMount> known = new CopyOnWriteArrayList<>();

    MountResolver(VaultSession session) {
        this.session = session;
    }

    /** The mount holding {@code secretPath} if an earlier call already detected it; never a remote call. */
    java.util.Optional<KvMount> known(String secretPath) {
        KvMount best = null;
        for (KvMount m : known) {
            if (m.covers(secretPath) && (best == null || m.path().length() > best.path().length())) best = m;
        }
        return java.util.Optional.ofNullable(best);
    }

    /** Records a mount another answer described (the token's mount listing), so reads under it need no detection. */
    void learn(KvMount m) {
        if (m.version() != KvMount.UNKNOWN) known.addIfAbsent(m);
    }

    /** The mount holding {@code secretPath} (a path without the key, e.g. {@code secret/data/app}). */
    KvMount mountFor(String secretPath, String refPath) {
        KvMount best = null;
        for (KvMount m : known) {
            if (m.covers(secretPath) && (best == null || m.path().length() > best.path().length())) best = m;
        }
        if (best != null) return best;
        String first = VaultPaths.first(secretPath);
        KvMount m = detect(first, secretPath, refPath);
        if (m.covers(secretPath)) return m;
        // a deeper mount (e.g. kv/team-a) next to the one found for the first segment
        m = detect(secretPath, secretPath, refPath);
        return m.covers(secretPath) ? m : new KvMount(first, KvMount.UNKNOWN);
    }

    private KvMount detect(String key, String probePath, String refPath) {
        CompletableFuture<KvMount> mine = new CompletableFuture<>();
        CompletableFuture<KvMount> f = detections.putIfAbsent(key, mine);
        if (f == null) {
            f = mine;
            try {
                KvMount m = probe(probePath, refPath);
                if (m.version() != KvMount.UNKNOWN) known.addIfAbsent(m);
                mine.complete(m);
            } catch (RuntimeException e) {
                detections.remove(key, mine);
                mine.completeExceptionally(e);
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SecretManagerException sme) throw sme.toBuilder().path(refPath).build();
            throw e;
        }
    }

    private KvMount probe(String probePath, String refPath) {
        String api = "sys/internal/ui/mounts/" + VaultPaths.encode(probePath);
        VaultResponse r = session.call("GET", api, null);
        String first = VaultPaths.first(probePath);
        if (r.ok()) {
            JsonNode data = r.body().path("data");
            String path = mountPath(VaultPaths.trimSlashes(data.path("path").asText("")), probePath);
            String version = data.path("options").path("version").asText("1");
            KvMount m = new KvMount(path.isEmpty() ? first : path, "2".equals(version) ? 2 : 1);
            LOG.debug("Vault mount {} is KV v{}", m.path(), m.version());
            return m;
        }
        if (r.status() == 404) return new KvMount(first, 1);
        if (r.status() == 403) {
            LOG.info("The Vault token may not read sys/internal/ui/mounts/{}: KV version of mount '{}' is unknown; "
                    + "paths with /data/ are read as KV v2, others as KV v1 then v2", probePath, first);
            return new KvMount(first, KvMount.UNKNOWN);
        }
        throw VaultErrors.request(r, "GET", api, "read", refPath);
    }

    /**
     * The mount path relative to the request's namespace: with {@code X-Vault-Namespace}, Vault may report
     * {@code ns1/secret}; drop leading segments until it prefixes the probed path.
     */
    private static String mountPath(String reported, String probePath) {
        String m = reported;
        while (!m.isEmpty() && !VaultPaths.under(probePath, m)) {
            int i = m.indexOf('/');
            m = i < 0 ? "" : m.substring(i + 1);
        }
        return m;
    }

    @Override
    public String toString() { return "MountResolver" + known; }
}
