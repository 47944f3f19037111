package dev.secretref;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that records every call (single fetches, batch sizes, connection checks) and can be made to fail or block. */
final class CountingProvider implements SecretProvider {
    final InMemorySecretProvider store;
    final AtomicInteger fetches = new AtomicInteger();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger checks = new AtomicInteger();
    volatile RuntimeException checkFailure;
    /** While set, every fetch and batch fails with a copy of it, as a store that is down. */
    volatile SecretManagerException outage;
    /** While set, every fetch and batch waits for it (and counts down {@link #entered} first). */
    volatile java.util.concurrent.CountDownLatch gate;
    final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    /** Counted down when a call waiting at the gate is interrupted. */
    final java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);

    CountingProvider(InMemorySecretProvider store) {
        this.store = store;
    }

    int calls() {
        return fetches.get() + batches.size();
    }

    int fetchAllCalls() {
        return batches.size();
    }

    CountingProvider failWith(SecretManagerException e) {
        outage = e;
        return this;
    }

    CountingProvider recover() {
        outage = null;
        return this;
    }

    private void enter() {
        entered.countDown();
        java.util.concurrent.CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted.countDown();
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                        .message("was interrupted").build();
            }
        }
        SecretManagerException down = outage;
        if (down != null) throw down.toBuilder().build();
    }

    @Override
    public String fetch(String path) {
        fetches.incrementAndGet();
        enter();
        return store.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        batches.add(paths.size());
        enter();
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
