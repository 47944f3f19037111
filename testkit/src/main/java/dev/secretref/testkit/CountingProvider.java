package dev.secretref.testkit;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a provider and counts the "remote" calls made to it, so a test can prove caching, batching and
 * single flight: each {@code fetch} and each {@code fetchAll} batch counts one call. Thread-safe.
 *
 * <pre>{@code
 * CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("k", "v")));
 * resolver.resolveString("{{m|ap_sep_v1|k}}");
 * resolver.resolveString("{{m|ap_sep_v1|k}}");
 * assertThat(store.calls()).isEqualTo(1);
 * }</pre>
 */
public final class CountingProvider implements SecretProvider {
    private final SecretProvider delegate;
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    public CountingProvider(SecretProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Fetches plus batches made so far. */
    public int calls() { return fetches.get() + batches.size(); }

    /** Single fetches made so far. */
    public int fetchCalls() { return fetches.get(); }

    /** Batches made so far. */
    public int fetchAllCalls() { return batches.size(); }

    /** The size of each batch, in order. */
    public List<Integer> batchSizes() { return List.copyOf(batches); }

    /** Connection checks made so far. */
    public int connectionChecks() { return checks.get(); }

    /** Writes and deletes made so far through {@link #writer()}. */
    public int writes() { return writes.get(); }

    /** Resets every counter. */
    public void resetCalls() {
        fetches.set(0);
        batches.clear();
        checks.set(0);
        writes.set(0);
    }

    @Override
    public String fetch(String path) {
        fetches.incrementAndGet();
        return delegate.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        batches.add(paths.size());
        return delegate.fetchAll(paths);
    }

    @Override
    public void checkConnection() {
        checks.incrementAndGet();
        delegate.checkConnection();
    }

    @Override
    public void validatePath(String path) {
        delegate.validatePath(path);
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Optional<SecretWriter> writer() {
        return delegate.writer().map(w -> new SecretWriter() {
            @Override public Map<String, String> write(String name, Map<String, String> fields) {
                writes.incrementAndGet();
                return w.write(name, fields);
            }
            @Override public void delete(String name) {
                writes.incrementAndGet();
                w.delete(name);
            }
            @Override public Optional<Map<String, String>> paths(String name, Set<String> fields) {
                return w.paths(name, fields);
            }
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "CountingProvider[" + delegate + ", calls=" + calls() + "]";
    }
}
