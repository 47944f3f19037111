package dev.secretref;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store held in memory, for demos and for unit-testing code that resolves secrets. Thread-safe and
 * changeable at run time: {@link #put}, {@link #remove}, simulate an outage with {@link #failWith} and
 * slowness with {@link #latency}; {@link #calls()} counts the "remote" calls made to it, so a test can
 * prove caching and batching. The provider id is {@code memory}.
 */
public final class InMemorySecretProvider implements SecretProvider {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicReference<SecretManagerException> outage = new AtomicReference<>();
    private final AtomicInteger fetchCalls = new AtomicInteger();
    private final AtomicInteger fetchAllCalls = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    /** An empty store. */
    public InMemorySecretProvider() { }

    /** A store holding a copy of {@code secrets} (path to value). */
    public InMemorySecretProvider(Map<String, String> secrets) {
        secrets.forEach(this::put);
    }

    /** Sets a value; returns this for chaining. */
    public InMemorySecretProvider put(String path, String value) {
        secrets.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Removes a value; later fetches are NOT_FOUND. */
    public InMemorySecretProvider remove(String path) {
        secrets.remove(path);
        return this;
    }

    /** Makes every call fail with {@code error} until {@link #recover()}, as a store that is down. */
    public InMemorySecretProvider failWith(SecretManagerException error) {
        outage.set(Objects.requireNonNull(error, "error"));
        return this;
    }

    /** Ends a simulated outage. */
    public InMemorySecretProvider recover() {
        outage.set(null);
        return this;
    }

    /** Makes each call (a fetch, or a whole batch) take this long, as a remote store would. */
    public InMemorySecretProvider latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
        return this;
    }

    /** Calls made so far: each {@code fetch} and each {@code fetchAll} batch counts one. */
    public int calls() { return fetchCalls.get() + fetchAllCalls.get(); }

    /** Single fetches made so far. */
    public int fetchCalls() { return fetchCalls.get(); }

    /** Batches made so far. */
    public int fetchAllCalls() { return fetchAllCalls.get(); }

    /** Resets the call counters. */
    public void resetCalls() {
        fetchCalls.set(0);
        fetchAllCalls.set(0);
    }

    @Override
    public String fetch(String path) {
        fetchCalls.incrementAndGet();
        enter();
        return read(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        fetchAllCalls.incrementAndGet();
        enter();
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) {
            try {
                out.put(p, FetchResult.value(read(p)));
            } catch (SecretManagerException e) {
                out.put(p, FetchResult.error(e));
            }
        }
        return out;
    }

    private String read(String path) {
        String v = secrets.get(path);
        if (v == null) {
            throw SecretManagerException.notFound(path, "No secret at '" + path + "' in the in-memory store");
        }
        return v;
    }

    private void enter() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.UNREACHABLE)
                        .message("interrupted").build();
            }
        }
        SecretManagerException down = outage.get();
        if (down != null) {
            throw down.toBuilder().build();
        }
    }

    @Override
    public void checkConnection() {
        SecretManagerException down = outage.get();
        if (down != null) throw down.toBuilder().build();
    }

    @Override
    public void validatePath(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                        "An in-memory path must not contain control characters");
            }
        }
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        return secrets.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().map(SecretInfo::of).toList();
    }

    /**
     * Writes secret {@code name} as one key {@code name/field} per field: a write replaces every field the
     * name had, a delete removes them all.
     */
    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    private final SecretWriter writer = new SecretWriter() {
        @Override
        public Map<String, String> write(String name, Map<String, String> fields) {
            SecretWriter.requireValidName(name);
            Map<String, String> paths = paths(name, fields.keySet()).orElseThrow();
            synchronized (secrets) {
                removeFields(name);
                fields.forEach((f, v) -> secrets.put(name + "/" + f, Objects.requireNonNull(v, "value")));
            }
            return paths;
        }

        @Override
        public void delete(String name) {
            SecretWriter.requireValidName(name);
            synchronized (secrets) {
                removeFields(name);
            }
        }

        @Override
        public Optional<Map<String, String>> paths(String name, Set<String> fields) {
            Map<String, String> paths = new LinkedHashMap<>();
            for (String f : fields) paths.put(f, name + "/" + f);
            return Optional.of(paths);
        }

        @Override
        public String toString() { return "InMemorySecretProvider.writer"; }
    };

    private void removeFields(String name) {
        String prefix = name + "/";
        secrets.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Never shows values. */
    @Override
    public String toString() {
        return "InMemorySecretProvider[" + secrets.size() + " secrets]";
    }
}
