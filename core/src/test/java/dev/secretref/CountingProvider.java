package dev.secretref;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that records every call: single fetches, batch sizes, connection checks. */
final class CountingProvider implements SecretProvider {
    final InMemorySecretProvider store;
    final AtomicInteger fetches = new AtomicInteger();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger checks = new AtomicInteger();
    volatile RuntimeException checkFailure;

    CountingProvider(InMemorySecretProvider store) {
        this.store = store;
    }

    int calls() {
        return fetches.get() + batches.size();
    }

    @Override
    public String fetch(String path) {
        fetches.incrementAndGet();
        return store.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        batches.add(paths.size());
        return store.fetchAll(paths);
    }

    @Override
    public java.util.Optional<dev.secretref.spi.SecretWriter> writer() {
        return store.writer();
    }

    @Override
    public List<dev.secretref.spi.SecretInfo> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public void checkConnection() {
        checks.incrementAndGet();
        RuntimeException f = checkFailure;
        if (f != null) throw f;
    }
}
