package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Searches KV secrets by name. Vault has no server-side name filter and no paging, so this walks folders: one
 * {@code LIST} per folder ({@code <mount>/metadata/<folder>/} on KV v2, {@code <mount>/<folder>/} on KV v1),
 * depth first, keys in sorted order, lazily, so a page stops listing as soon as it holds {@code limit} matches
 * and one more. Folders whose names cannot start with the query's prefix are not listed. A query without a
 * {@code /} in its prefix first reads the mounts the token can use ({@code GET sys/internal/ui/mounts}) and walks
 * the KV ones, in mount order. With {@link SecretQuery#timestamps()}, each KV v2 secret of the page costs one
 * {@code GET <mount>/metadata/<name>} ({@code created_time}, {@code updated_time}); KV v1 keeps no times.
 */
final class KvSearch {
    static final String SECRET_DESCRIPTION = "secret: append /<key> to reference one of its keys";

    private final VaultSession session;
    private final MountResolver mounts;
    private final Executor pool;

    KvSearch(VaultSession session, MountResolver mounts, Executor pool) {
        this.session = session;
        this.mounts = mounts;
        this.pool = pool;
    }

    /**
     * Where a walk starts: {@code refBase} is what a name is appended to in a reference ({@code secret/data/},
     * {@code secret/} or {@code kv/}), {@code listBase} the API path folders are listed under, and {@code start}
     * the first folder, relative to both ({@code ""} or {@code app/}).
     */
    private record Root(String refBase, String listBase, String start, boolean v2) { }

    SecretPage search(SecretQuery query) {
        String prefix = query.prefix();
        List<Root> roots = roots(prefix);
        Walk walk = new Walk(roots, prefix);
        SecretPage page = SecretPage.walk(walk, query);
        if (!query.timestamps() || page.items().isEmpty()) return page;
        return SecretPage.of(withTimes(page.items(), walk.entries), page.hasMore(), page.total());
    }

    // ---------------------------------------------------------------- roots

    private List<Root> roots(String prefix) {
        String p = prefix;
        int slash = p.lastIndexOf('/');
        if (slash < 0) return visibleKvMounts(p);
        String dir = VaultPaths.trimSlashes(p.substring(0, slash));
        if (dir.isEmpty()) return visibleKvMounts("");
        KvMount mount = mounts.mountFor(dir, prefix);
        String rel = p.length() > mount.path().length() && p.startsWith(mount.path() + "/")
                ? p.substring(mount.path().length() + 1) : "";
        return List.of(root(mount, rel));
    }

    /** The root under {@code mount} for names starting with {@code rel} (the prefix after the mount). */
    private static Root root(KvMount mount, String rel) {
        boolean dataForm = rel.startsWith("data/");
        if (mount.version() == 2 || (mount.version() == KvMount.UNKNOWN && dataForm)) {
            String listBase = mount.path() + "/metadata/";
            if (dataForm) return new Root(mount.path() + "/data/", listBase, folderOf(rel.substring(5)), true);
            if ("data/".startsWith(rel)) return new Root(mount.path() + "/data/", listBase, "", true);
            return new Root(mount.path() + "/", listBase, folderOf(rel), true);     // mount/name: valid once detected as v2
        }
        return new Root(mount.path() + "/", mount.path() + "/", folderOf(rel), false);
    }

    private static String folderOf(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i + 1);
    }

    /**
     * The KV mounts {@code GET /v1/sys/internal/ui/mounts} lists for this token (mounts it has capabilities on; no
     * extra policy), whose path starts with {@code prefix}, in path order.
     */
    private List<Root> visibleKvMounts(String prefix) {
        String api = "sys/internal/ui/mounts";
        VaultResponse r = session.call("GET", api, null);
        if (!r.ok()) throw VaultErrors.request(r, "GET", api, "read", prefix.isEmpty() ? null : prefix);
        JsonNode secret = r.body().path("data").path("secret");
        if (!secret.isObject()) secret = r.body().path("secret");   // the docs' sample shows it without the envelope
        Map<String, KvMount> found = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = secret.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("type").asText("");
            if (!type.equals("kv") && !type.equals("generic")) continue;
            String path = VaultPaths.trimSlashes(e.getKey());
            if (path.isEmpty() || !(path + "/").startsWith(prefix)) continue;
            int version = "2".equals(e.getValue().path("options").path("version").asText("1")) ? 2 : 1;
            found.put(path, new KvMount(path, version));
        }
        List<Root> roots = new ArrayList<>();
        for (KvMount m : found.values()) {
            mounts.learn(m);
            roots.add(root(m, ""));
        }
        return roots;
    }

    // ---------------------------------------------------------------- the walk

    /** What a listed secret needs for its times. */
    private record Entry(Root root, String name) { }

    /** A lazy depth-first walk over the roots' folders: each folder is listed when the walk reaches it. */
    private final class Walk implements Iterator<SecretInfo> {
        private final Iterator<Root> roots;
        private final String prefix;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Entry> entries = new HashMap<>();
        private Root root;
        private SecretInfo next;

        private final class Frame {
            final String folder;
            Iterator<String> keys;

            Frame(String folder) { this.folder = folder; }
        }

        Walk(List<Root> roots, String prefix) {
            this.roots = roots.iterator();
            this.prefix = prefix;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (stack.isEmpty()) {
                    if (!roots.hasNext()) return false;
                    root = roots.next();
                    stack.push(new Frame(root.start()));
                }
                Frame f = stack.peek();
                if (f.keys == null) f.keys = list(root, f.folder).iterator();
                if (!f.keys.hasNext()) {
                    stack.pop();
                    continue;
                }
                String name = f.folder + f.keys.next();
                String path = root.refBase() + name;
                if (!path.startsWith(prefix) && !prefix.startsWith(path)) continue;   // cannot lead to a match
                if (name.endsWith("/")) {
                    stack.push(new Frame(name));
                } else if (path.startsWith(prefix)) {
                    entries.put(path, new Entry(root, name));
                    next = SecretInfo.of(path, SECRET_DESCRIPTION);
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

        private List<String> list(Root r, String folder) {
            String api = VaultPaths.encode(r.listBase() + folder);
            VaultResponse resp = session.call("LIST", api, null);
            if (resp.status() == 404) return List.of();     // an empty or absent folder
            if (!resp.ok()) throw VaultErrors.request(resp, "LIST", api, "list", prefix.isEmpty() ? null : prefix);
            List<String> keys = new ArrayList<>();
            for (JsonNode k : resp.body().path("data").path("keys")) {
                String key = k.asText("");
                if (!key.isEmpty() && !key.equals("/")) keys.add(key);
            }
            keys.sort(null);
            return keys;
        }
    }

    // ---------------------------------------------------------------- times

    private List<SecretInfo> withTimes(List<SecretInfo> items, Map<String, Entry> entries) {
        List<CompletableFuture<SecretInfo>> reads = new ArrayList<>(items.size());
        boolean parallel = items.size() > 1;
        for (SecretInfo info : items) {
            Entry e = entries.get(info.path());
            if (e == null || !e.root().v2()) {
                reads.add(CompletableFuture.completedFuture(info));     // KV v1 keeps no times
            } else if (parallel) {
                try {
                    reads.add(CompletableFuture.supplyAsync(() -> times(info, e), pool));
                } catch (RejectedExecutionException x) {
                    reads.add(CompletableFuture.failedFuture(closed()));
                }
            } else {
                reads.add(CompletableFuture.completedFuture(times(info, e)));
            }
        }
        List<SecretInfo> out = new ArrayList<>(items.size());
        for (CompletableFuture<SecretInfo> f : reads) {
            try {
                out.add(f.join());
            } catch (CompletionException x) {
                if (x.getCause() instanceof SecretManagerException sme) throw sme;
                throw x;
            }
        }
        return out;
    }

    /** {@code GET <mount>/metadata/<name>}: {@code data.created_time} and {@code data.updated_time}. */
    private SecretInfo times(SecretInfo info, Entry e) {
        String api = VaultPaths.encode(e.root().listBase() + e.name());
        VaultResponse r = session.call("GET", api, null);
        if (r.status() == 404) return info;        // deleted since it was listed
        if (!r.ok()) throw VaultErrors.request(r, "GET", api, "read", info.path());
        JsonNode data = r.body().path("data");
        return info.withTimes(instant(data.path("created_time")), instant(data.path("updated_time")));
    }

    private static Optional<Instant> instant(JsonNode n) {
        String s = n.asText("");
        if (s.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static SecretManagerException closed() {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.CLOSED)
                .message("This Vault provider is closed").build();
    }
}
