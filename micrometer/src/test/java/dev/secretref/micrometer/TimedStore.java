package dev.secretref.micrometer;

import dev.secretref.InMemorySecretProvider;
import dev.secretref.Ticker;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory store whose every call takes exactly {@link #CALL} on a fake clock: the resolver's ticker moves
 * only inside store calls, so the load timer's totals are exact and no test sleeps.
 */
final class TimedStore implements SecretProvider {
    static final Duration CALL = Duration.ofMillis(40);

    final InMemorySecretProvider memory;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

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

    @Override
    public String fetch(String path) {
        advance(CALL);
        return memory.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        advance(CALL);
        return memory.fetchAll(paths);
    }

    @Override
    public void checkConnection() {
        memory.checkConnection();
    }
}
