package dev.secretref;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secretref.spi.FetchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One manager's cache, in front of its {@link ProviderGateway}. Built on a Caffeine async cache of
 * {@code path -> future entry}: a hit is a lock-free map read; a miss installs one future that every
 * concurrent caller of that path waits on (single flight); all misses of one call go to the shared cache
 * (when there is one), then to the provider as one {@code fetchAll}. An entry remembers the value and when it
 * was loaded, a NOT_FOUND answer, or the last failure with its backoff, so that:
 * <ul>
 *   <li>younger than {@code refreshAhead}: served;</li>
 *   <li>between {@code refreshAhead} and {@code ttl}: served, and reloaded once in the background;</li>
 *   <li>older than {@code ttl}: reloaded; if that fails, served stale up to {@code maxStale};</li>
 *   <li>after a failed load, the key is not asked again before its backoff (1 s doubling to 128 s);</li>
 *   <li>while the shared cache says other nodes' invalidations may be missed
 *       ({@link SharedCacheClient#invalidationsLive()} false), a value older than the shared cache's
 *       disconnected ttl counts as expired and is reloaded (shared cache, then store); if that reload fails
 *       the value is served as usual within its ttl.</li>
 * </ul>
 * Invalidation removes futures from the map, so no call that starts after it can see an older load. With
 * caching disabled by the policy, every call loads and nothing is kept (the same load path, no map).
 */
final class ManagerCache {
    private final ProviderGateway provider;
    private final CachePolicy policy;
    private final Ticker ticker;
    private final Executor executor;
    private final Listeners listener;
    private final SharedCacheClient shared;
    private final ConcurrentMap<String, CompletableFuture<Entry>> map;   // null: caching disabled
    private final long ttl;
    private final long refreshAhead;
    private final long maxStale;
    private final long notFoundTtl;
    private final long statusTtl;
    private final long disconnectedTtl;   // >= ttl: the shared cache's liveness never matters
    private volatile long statusValidUntil;
    private volatile boolean statusValid;
    private final AtomicLong statusGeneration = new AtomicLong();

    ManagerCache(ProviderGateway provider, CachePolicy policy, Ticker ticker, Executor executor, Listeners listener,
                 SharedCacheClient shared) {
        this(provider, policy, ticker, executor, listener, shared, policy.isEnabled() ? caffeine(policy, ticker) : null);
    }

    /** With the given entry map ({@code null}: caching disabled); tests model-check the logic over a plain map. */
    ManagerCache(ProviderGateway provider, CachePolicy policy, Ticker ticker, Executor executor, Listeners listener,
                 SharedCacheClient shared, ConcurrentMap<String, CompletableFuture<Entry>> map) {
        this.provider = provider;
        this.policy = policy;
        this.ticker = ticker;
        this.executor = executor;
        this.listener = listener;
        this.shared = policy.isEnabled() ? shared : SharedCacheClient.NONE;
        this.ttl = policy.ttl().toNanos();
        this.refreshAhead = Math.min(policy.refreshAhead().toNanos(), ttl);
        this.maxStale = policy.maxStale().toNanos();
        this.notFoundTtl = policy.notFoundTtl().toNanos();
        this.statusTtl = policy.statusTtl().toNanos();
        this.disconnectedTtl = this.shared.isPresent() ? Math.min(this.shared.disconnectedTtlNanos(), ttl) : ttl;
        this.map = map;
    }

    private static ConcurrentMap<String, CompletableFuture<Entry>> caffeine(CachePolicy policy, Ticker ticker) {
        return Caffeine.newBuilder()
                .maximumSize(policy.maximumSize())
                .ticker(ticker::read)
                .executor(Runnable::run)
                .expireAfterWrite(retention(policy))
                .<String, Entry>buildAsync()
                .asMap();
    }

    String manager() { return provider.manager(); }
    ProviderGateway provider() { return provider; }
    CachePolicy policy() { return policy; }
    Listeners listeners() { return listener; }

    /** A value younger than refreshAhead, without waiting or loading; {@code null} when there is none. */
    String peekFresh(String path) {
        if (map == null) return null;
        CompletableFuture<Entry> f = map.get(path);
        if (f == null || !f.isDone()) return null;
        Entry e = f.join();
        if (e.value == null) return null;
        long age = ticker.read() - e.loadedAt;
        if (age < refreshAhead && age >= 0 && (age < disconnectedTtl || shared.invalidationsLive())) {
            if (!listener.isEmpty()) listener.onHit(manager(), path);
            return e.value;
        }
        return null;
    }

    /** One path: the value, or the exception for it. */
    String get(String path) {
        String fresh = peekFresh(path);
        return fresh != null ? fresh : getAll(Set.of(path)).get(path).valueOrThrow();
    }

    /** True when every path has a fresh value in the cache, so {@link #getAll} will not wait or load. */
    boolean answersFromCache(Collection<String> paths) {
        if (map == null) return false;
        long now = ticker.read();
        boolean liveChecked = false;
        for (String path : paths) {
            CompletableFuture<Entry> f = map.get(path);
            if (f == null || !f.isDone()) return false;
            Entry e = f.join();
            long age = now - e.loadedAt;
            if (e.value == null || age >= refreshAhead) return false;
            if (age >= disconnectedTtl && !liveChecked) {
                if (!shared.invalidationsLive()) return false;
                liveChecked = true;
            }
        }
        return true;
    }

    /**
     * When every path of {@code paths} has a fresh value (what {@link #answersFromCache} checks), puts them into
     * {@code values} at {@code slots[i]}, reports the hits as {@link #getAll} would ({@code onHit} per path, in
     * order) and returns true: the all-cached resolve needs no batch, result map or result objects. Otherwise
     * returns false having reported nothing ({@code values} may be partly written; the caller overwrites it).
     */
    boolean answerFresh(List<String> paths, int[] slots, String[] values) {
        if (map == null) return false;
        long now = ticker.read();
        boolean liveChecked = false;
        int n = paths.size();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Entry> f = map.get(paths.get(i));
            if (f == null || !f.isDone()) return false;
            Entry e = f.getNow(null);
            if (e == null || e.value == null) return false;
            long age = now - e.loadedAt;
            if (age >= refreshAhead || age < 0) return false;
            if (age >= disconnectedTtl && !liveChecked) {
                if (!shared.invalidationsLive()) return false;
                liveChecked = true;
            }
            values[slots[i]] = e.value;
        }
        if (!listener.isEmpty()) {
            for (int i = 0; i < n; i++) listener.onHit(manager(), paths.get(i));
        }
        return true;
    }

    /** The result of every path of {@code paths} (duplicates allowed). Misses are fetched with one provider call. */
    Map<String, FetchResult> getAll(Collection<String> paths) {
        Map<String, FetchResult> out = new HashMap<>(paths.size() * 2);
        Collection<String> pending = paths;
        while (!pending.isEmpty()) {
            pending = round(pending, out);
        }
        return out;
    }

    /**
     * One pass over {@code paths}: answers hits, loads what this call claimed, waits for loads other calls
     * claimed. Returns the paths whose load was abandoned (its caller was cancelled), to go round again.
     */
    private Collection<String> round(Collection<String> paths, Map<String, FetchResult> out) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        Map<String, CompletableFuture<Entry>> waiting = new LinkedHashMap<>();
        Map<String, CompletableFuture<Entry>> refresh = new LinkedHashMap<>();
        long now = ticker.read();
        long valueTtl = valueTtl();
        for (String path : paths) {
            if (map == null) {
                claims.putIfAbsent(path, new Claim(new CompletableFuture<>(), null));
                continue;
            }
            claimOrRead(path, now, valueTtl, claims, waiting, refresh, out);
        }
        if (!claims.isEmpty()) {
            try {
                load(claims, out);
            } finally {
                for (Map.Entry<String, Claim> c : claims.entrySet()) {   // never leave a waiter hanging
                    if (!c.getValue().future.isDone()) {
                        if (map != null) map.remove(c.getKey(), c.getValue().future);
                        c.getValue().future.complete(Entry.ABANDONED);
                    }
                }
            }
        }
        List<String> again = List.of();
        for (Map.Entry<String, CompletableFuture<Entry>> w : waiting.entrySet()) {
            Entry e = w.getValue().join();
            if (e == Entry.ABANDONED) {
                if (again.isEmpty()) again = new ArrayList<>();
                again.add(w.getKey());
            } else {
                out.put(w.getKey(), loaded(w.getKey(), e));
            }
        }
        if (!refresh.isEmpty()) refreshInBackground(refresh);
        return again;
    }

    /** Claims {@code path} for loading, or notes the load to wait for, or answers it from the entry. */
    private void claimOrRead(String path, long now, long valueTtl, Map<String, Claim> claims, Map<String, CompletableFuture<Entry>> waiting,
                             Map<String, CompletableFuture<Entry>> refresh, Map<String, FetchResult> out) {
        while (true) {
            CompletableFuture<Entry> f = map.get(path);
            if (f == null) {
                CompletableFuture<Entry> mine = new CompletableFuture<>();
                if (map.putIfAbsent(path, mine) == null) {
                    claims.put(path, new Claim(mine, null));
                    return;
                }
                continue;
            }
            if (!f.isDone()) {
                waiting.put(path, f);
                return;
            }
            Entry e = f.join();
            Decision d = decide(e, now, valueTtl);
            if (d == Decision.LOAD) {
                CompletableFuture<Entry> mine = new CompletableFuture<>();
                if (map.replace(path, f, mine)) {
                    claims.put(path, new Claim(mine, e));
                    return;
                }
                continue;
            }
            if (d == Decision.REFRESH) refresh.put(path, f);
            out.put(path, answer(path, e, now, true));
            return;
        }
    }

    private enum Decision { USE, REFRESH, LOAD }

    /**
     * The age up to which a value is served without reloading: the ttl, or the shorter disconnected ttl while
     * other nodes' invalidations may be missed. Asks the shared cache once per pass, and only when it has a shorter cap to apply.
     */
    private long valueTtl() {
        return disconnectedTtl < ttl && !shared.invalidationsLive() ? disconnectedTtl : ttl;
    }

    /** What to do with a completed entry seen at {@code now}; a value older than {@code valueTtl} is reloaded. */
    private Decision decide(Entry e, long now, long valueTtl) {
        if (e.value != null) {
            long age = now - e.loadedAt;
            if (age < valueTtl) {
                if (age >= refreshAhead && !backingOff(e, now) && e.refreshing.compareAndSet(false, true)) {
                    return Decision.REFRESH;
                }
                return Decision.USE;
            }
            return backingOff(e, now) ? Decision.USE : Decision.LOAD;
        }
        if (e.notFound != null) {
            return now - e.failedAt < notFoundTtl ? Decision.USE : Decision.LOAD;
        }
        return backingOff(e, now) ? Decision.USE : Decision.LOAD;
    }

    private static boolean backingOff(Entry e, long now) {
        return e.failure != null && now - e.retryAt < 0;
    }

    /** The answer an entry gives at {@code now}: a value, a stale value or an error. */
    private FetchResult answer(String path, Entry e, long now, boolean hit) {
        if (e.value != null) {
            long age = now - e.loadedAt;
            if (age < ttl) {
                if (hit) listener.onHit(manager(), path);
                return FetchResult.value(e.value);
            }
            if (age < ttl + maxStale && maxStale > 0) {
                listener.onStaleServed(manager(), path, Duration.ofNanos(age), e.failure);
                return FetchResult.value(e.value);
            }
            return FetchResult.error(e.failure != null ? e.failure : expiredWithoutFailure(path));
        }
        return FetchResult.error(e.notFound != null ? e.notFound : e.failure);
    }

    private SecretManagerException expiredWithoutFailure(String path) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.UNREACHABLE)
                .manager(manager()).provider(provider.providerId()).path(path)
                .message("The cached value expired and reloading it failed; check the store").build();
    }

    /** Loads the claimed paths: invalid ones fail at once, the shared cache is asked, then the store in one call. */
    private void load(Map<String, Claim> claims, Map<String, FetchResult> out) {
        Set<String> toFetch = new LinkedHashSet<>();
        for (Map.Entry<String, Claim> c : claims.entrySet()) {
            String path = c.getKey();
            listener.onMiss(manager(), path);
            try {
                provider.validatePath(path);
                toFetch.add(path);
            } catch (SecretManagerException invalid) {
                settle(path, c.getValue(), Entry.failed(null, invalid, ticker.read(), 0), false, false, out);
            }
        }
        if (toFetch.isEmpty()) return;
        Map<String, String> fromShared = shared.getAll(manager(), toFetch);
        if (!fromShared.isEmpty()) {
            long now = ticker.read();
            for (Map.Entry<String, String> hit : fromShared.entrySet()) {
                listener.onSharedHit(manager(), hit.getKey());
                toFetch.remove(hit.getKey());
                settle(hit.getKey(), claims.get(hit.getKey()), Entry.value(hit.getValue(), now), true, false, out);
            }
            if (toFetch.isEmpty()) return;
        }
        long start = ticker.read();
        Map<String, FetchResult> results = fetch(toFetch);
        long end = ticker.read();
        Duration took = Duration.ofNanos(end - start);
        boolean aborted = Thread.currentThread().isInterrupted();   // this call was cancelled or its resolver closed
        for (String path : toFetch) {
            Claim c = claims.get(path);
            FetchResult r = results.get(path);
            if (aborted && !r.isValue()) {       // not the store's answer: leave no failure behind, let waiters retry
                if (map != null) map.remove(path, c.future);
                c.future.complete(Entry.ABANDONED);
                out.put(path, r);
                continue;
            }
            Entry e = next(path, c.previous, r, end, took, false);
            settle(path, c, e, e.notFound == null || notFoundTtl > 0, true, out);
        }
    }

    /**
     * Publishes a claim's new entry to its waiters and (when {@code keep}) the map, offers a value the store
     * returned to the shared cache ({@code share}), and records the caller's answer.
     */
    private void settle(String path, Claim c, Entry e, boolean keep, boolean share, Map<String, FetchResult> out) {
        if (map != null && !keep) map.remove(path, c.future);
        c.future.complete(e);
        if (share && e.value != null && map != null && map.get(path) == c.future) {   // not after an invalidation
            shared.put(manager(), path, e.value, policy.ttl());
        }
        out.put(path, loaded(path, e));
    }

    /** The answer of an entry a load just produced: its value even when the ttl is zero (caching disabled). */
    private FetchResult loaded(String path, Entry e) {
        if (e.value != null && e.failure == null) return FetchResult.value(e.value);
        return answer(path, e, ticker.read(), false);
    }

    private Map<String, FetchResult> fetch(Set<String> paths) {
        if (paths.size() == 1) {
            String p = paths.iterator().next();
            try {
                return Map.of(p, FetchResult.value(provider.fetch(p)));
            } catch (SecretManagerException e) {
                return Map.of(p, FetchResult.error(e));
            }
        }
        return provider.fetchAll(paths);
    }

    /**
     * The entry that follows {@code previous} once the store answered {@code r}, reporting the load to the
     * listeners ({@code background}: a refresh-ahead, whose failure keeps the current value).
     */
    private Entry next(String path, Entry previous, FetchResult r, long now, Duration took, boolean background) {
        if (r.isValue()) {
            listener.onLoadSuccess(manager(), path, took);
            return Entry.value(r.valueOrThrow(), now);
        }
        SecretManagerException err = r.failure().orElseThrow();
        if (background) {
            listener.onRefreshFailed(manager(), path, err);
        } else {
            listener.onLoadFailure(manager(), path, took, err);
        }
        if (err.reason() == Reason.NOT_FOUND) return Entry.notFound(err, now);
        int failures = previous == null || previous.failure == null ? 1 : previous.failures + 1;
        return Entry.failed(previous, err, now, backoff(failures));
    }

    private long backoff(int failures) {
        long base = policy.errorBackoffBase().toNanos();
        long max = policy.errorBackoffMax().toNanos();
        long delay = base;
        for (int i = 1; i < failures && delay < max; i++) delay <<= 1;
        delay = Math.min(delay, max);
        if (delay <= 1) return delay;
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private void refreshInBackground(Map<String, CompletableFuture<Entry>> due) {
        try {
            executor.execute(() -> refresh(due));
        } catch (RuntimeException rejected) {       // executor shut down: keep serving current values
            due.values().forEach(f -> f.join().refreshing.set(false));
        }
    }

    /** Reloads entries that are still fresh but due; an invalidation that happened meanwhile wins. */
    private void refresh(Map<String, CompletableFuture<Entry>> due) {
        long start = ticker.read();
        Map<String, FetchResult> results = fetch(due.keySet());
        long end = ticker.read();
        Duration took = Duration.ofNanos(end - start);
        for (Map.Entry<String, CompletableFuture<Entry>> d : due.entrySet()) {
            String path = d.getKey();
            Entry e = next(path, d.getValue().join(), results.get(path), end, took, true);
            CompletableFuture<Entry> replacement = CompletableFuture.completedFuture(e);
            if (map.replace(path, d.getValue(), replacement) && e.value != null) {
                shared.put(manager(), path, e.value, policy.ttl());
            }
        }
    }

    /** Checks the connection; a success is remembered for {@code statusTtl}, a failure never. */
    void checkConnection() {
        long now = ticker.read();
        if (statusValid && now - statusValidUntil < 0) return;
        long generation = statusGeneration.get();
        provider.checkConnection();
        if (policy.isEnabled() && statusTtl > 0 && statusGeneration.get() == generation) {   // not if invalidated meanwhile
            statusValidUntil = ticker.read() + statusTtl;
            statusValid = true;
        }
    }

    /** Drops one path here and in the shared cache (every node). */
    void invalidate(String path) {
        shared.invalidate(manager(), path);
        invalidateLocally(path);
    }

    /** Drops every path and the connection status here and in the shared cache (every node). */
    void invalidateAll() {
        shared.invalidate(manager());
        invalidateAllLocally();
    }

    /** Drops one path of this node only (another node announced the invalidation). */
    void invalidateLocally(String path) {
        if (map != null) map.remove(path);
        listener.onInvalidated(manager(), path);
    }

    /** Drops everything of this node only. */
    void invalidateAllLocally() {
        statusGeneration.incrementAndGet();
        statusValid = false;
        if (map != null) map.clear();
        listener.onInvalidatedAll(manager());
    }

    void close() {
        if (map != null) map.clear();
        provider.close();
    }

    private record Claim(CompletableFuture<Entry> future, Entry previous) { }

    /** What the cache knows of one path. Holds a secret: never logged, no toString with the value. */
    static final class Entry {
        final String value;                    // null when no value was ever loaded
        final long loadedAt;
        final SecretManagerException notFound; // the last answer was NOT_FOUND
        final SecretManagerException failure;  // the last load failed (value, if any, is the previous one)
        final int failures;
        final long failedAt;
        final long retryAt;
        final AtomicBoolean refreshing = new AtomicBoolean();

        /** A load whose caller gave up (cancelled, closed, or failed before the store answered): waiters load again. */
        static final Entry ABANDONED = new Entry(null, 0, null, null, 0, 0, 0);

        private Entry(String value, long loadedAt, SecretManagerException notFound, SecretManagerException failure,
                      int failures, long failedAt, long retryAt) {
            this.value = value;
            this.loadedAt = loadedAt;
            this.notFound = notFound;
            this.failure = failure;
            this.failures = failures;
            this.failedAt = failedAt;
            this.retryAt = retryAt;
        }

        static Entry value(String value, long now) {
            return new Entry(value, now, null, null, 0, 0, 0);
        }

        static Entry notFound(SecretManagerException e, long now) {
            return new Entry(null, 0, e, null, 0, now, 0);
        }

        static Entry failed(Entry previous, SecretManagerException e, long now, long backoff) {
            int failures = previous == null || previous.failure == null ? 1 : previous.failures + 1;
            return previous != null && previous.value != null
                    ? new Entry(previous.value, previous.loadedAt, null, e, failures, now, now + backoff)
                    : new Entry(null, 0, null, e, failures, now, now + backoff);
        }

        @Override
        public String toString() {
            return "Entry[" + (value != null ? "value=██" : notFound != null ? "NOT_FOUND" : "failed") + "]";
        }
    }

    /**
     * How long Caffeine keeps any entry: the longest an entry can still be answered from (fresh plus stale
     * window, a NOT_FOUND answer, a failure's backoff and its memory). Each entry's own timestamps decide
     * what it answers, so keeping one longer than needed never changes a result; one fixed expiry keeps
     * Caffeine's read path as cheap as it gets (a variable expiry doubles the cost of a hit).
     */
    private static Duration retention(CachePolicy policy) {
        Duration value = policy.ttl().plus(policy.maxStale());
        Duration failure = policy.errorBackoffMax().multipliedBy(2);
        Duration longest = value.compareTo(failure) >= 0 ? value : failure;
        return longest.compareTo(policy.notFoundTtl()) >= 0 ? longest : policy.notFoundTtl();
    }

    /** The number of entries held (values, remembered not-found answers and failures); for meters and tests. */
    long size() {
        return map == null ? 0 : map.size();
    }
}
