package dev.secretref.micrometer;

import dev.secretref.InMemorySecretProvider;
import dev.secretref.Ticker;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import dev.secretref.SecretManagerException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory store whose every call takes exactly {@link #CALL} on a fake clock: the resolver's ticker moves
 * only inside store calls, so the load timer's totals are exact and no test sleeps. Counts its calls and fails
 * every call with {@link #failWith} until {@link #recover}.
 */
final class TimedStore implements SecretProvider {
    static final Duration CALL = Duration.ofMillis(40);

    private final InMemorySecretProvider memory;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private volatile SecretManagerException outage;

    TimedStore(Map<String, String> secrets) {
        this.memory = new InMemorySecretProvider(secrets);
    }

    /** The resolver's time source; pass it to {@code SecretResolver.Builder#ticker}. */
    Ticker ticker() {
        return nanos::get;
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    void failWith(SecretManagerException error) {
        outage = error;
    }

    void recover() {
        outage = null;
    }

    int calls() {
        return fetches.get() + batches.get();
    }

    int fetchAllCalls() {
        return batches.get();
    }

    @Override
    public String fetch(String path) {
        fetches.incrementAndGet();
        advance(CALL);
        SecretManagerException down = outage;
        if (down != null) throw down.toBuilder().path(path).build();
        return memory.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        batches.incrementAndGet();
        advance(CALL);
        SecretManagerException down = outage;
        if (down == null) return memory.fetchAll(paths);
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) out.put(p, FetchResult.error(down.toBuilder().path(p).build()));
        return out;
    }

    @Override
    public void checkConnection() {
        memory.checkConnection();
    }
}
