package dev.secretref.testkit;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer kit run against the smallest correct writer: secrets kept as {@code name -> fields} in a map, paths
 * {@code name/field}. Proves the kit's own tests pass for a writer that keeps the contract.
 */
final class MapWriterContractTest extends SecretWriterContractTest {
    private final AtomicLong calls = new AtomicLong();

    @Override
    protected SecretProvider writableProvider() { return new MapStore(calls); }

    @Override
    protected long remoteCalls() { return calls.get(); }

    /** A store of whole secrets, each a map of fields. */
    static class MapStore implements SecretProvider, SecretWriter {
        private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
        private final AtomicLong calls;

        MapStore(AtomicLong calls) { this.calls = calls; }

        @Override
        public String fetch(String path) {
            calls.incrementAndGet();
            int slash = path.indexOf('/');
            Map<String, String> fields = slash < 0 ? null : secrets.get(path.substring(0, slash));
            String v = fields == null ? null : fields.get(path.substring(slash + 1));
            if (v == null) throw SecretManagerException.notFound(path, "No secret at this path");
            return v;
        }

        @Override
        public void checkConnection() { }

        @Override
        public Optional<SecretWriter> writer() { return Optional.of(this); }

        @Override
        public Map<String, String> write(String name, Map<String, String> fields) {
            SecretWriter.requireValidName(name);
            if (fields.isEmpty() || fields.containsKey("")) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A write needs at least one named field");
            }
            calls.incrementAndGet();
            secrets.put(name, Map.copyOf(fields));
            Map<String, String> paths = new LinkedHashMap<>();
            fields.keySet().forEach(f -> paths.put(f, name + "/" + f));
            return paths;
        }

        @Override
        public void delete(String name) {
            SecretWriter.requireValidName(name);
            calls.incrementAndGet();
            secrets.remove(name);
        }

        @Override
        public String toString() { return "MapStore[" + secrets.size() + " secrets]"; }
    }
}
