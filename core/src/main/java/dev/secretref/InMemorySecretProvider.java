package dev.secretref;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store held in memory, for demos and for unit-testing code that resolves secrets. Thread-safe and
 * changeable at run time ({@link #put}, {@link #remove}, and its {@link #writer()}). To count calls or
 * simulate an outage or a slow store, wrap it in secretref-testkit's {@code CountingProvider} and
 * {@code FaultInjectingProvider}. The provider id is {@code memory}.
 */
public final class InMemorySecretProvider implements SecretProvider {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

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

    @Override
    public String fetch(String path) {
        return read(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
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
            throw SecretManagerException.notFound(path, "No secret at '" + SecretReference.abbreviate(path) + "' in the in-memory store");
        }
        return v;
    }

    @Override
    public void checkConnection() { }

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
