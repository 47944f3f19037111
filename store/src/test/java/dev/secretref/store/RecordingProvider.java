package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store whose writer counts writes per credential and can be told to refuse: it then writes the first
 * field and fails on the second, as a store that breaks half-way.
 */
final class RecordingProvider implements SecretProvider {
    final InMemorySecretProvider memory = new InMemorySecretProvider();
    final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    final AtomicInteger deletes = new AtomicInteger();
    volatile boolean refuse;

    /** Read calls made to the store: each fetch and each batch counts one. */
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String fetch(String path) {
        reads.incrementAndGet();
        return memory.fetch(path);
    }

    @Override
    public Map<String, dev.secretref.spi.FetchResult> fetchAll(Set<String> paths) {
        reads.incrementAndGet();
        return memory.fetchAll(paths);
    }
    @Override public void checkConnection() { memory.checkConnection(); }

    int writesOf(String id) {
        AtomicInteger n = writes.get(id);
        return n == null ? 0 : n.get();
    }

    /** Secrets held now (path count). */
    int size() { return memory.list("").size(); }

    boolean holds(String id) { return !memory.list(id + "/").isEmpty(); }

    @Override
    public Optional<SecretWriter> writer() {
        SecretWriter inner = memory.writer().orElseThrow();
        return Optional.of(new SecretWriter() {
            @Override
            public Map<String, String> write(String name, Map<String, String> fields) {
                writes.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                if (refuse) {
                    Map.Entry<String, String> first = fields.entrySet().iterator().next();
                    Map<String, String> half = new LinkedHashMap<>();
                    half.put(first.getKey(), first.getValue());
                    inner.write(name, half);
                    throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                            .message("the store refused field 2 of " + fields.size()).build();
                }
                return inner.write(name, fields);
            }

            @Override
            public void delete(String name) {
                deletes.incrementAndGet();
                inner.delete(name);
            }

            @Override
            public Optional<Map<String, String>> paths(String name, Set<String> fields) {
                return inner.paths(name, fields);
            }
        });
    }
}
