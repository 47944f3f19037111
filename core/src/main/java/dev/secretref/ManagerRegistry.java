package dev.secretref;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered managers: an immutable {@link ManagerTable} swapped under a lock when a manager is added,
 * replaced or removed, so readers never lock. A replaced or removed manager's cache is dropped and its
 * provider closed.
 */
final class ManagerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRegistry.class);

    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile ManagerTable table = new ManagerTable(Map.of());

    ManagerTable table() { return table; }

    void install(Map<String, Manager> managers) {
        writeLock.lock();
        try {
            table = new ManagerTable(managers);
        } finally {
            writeLock.unlock();
        }
    }

    /** Puts {@code next} under {@code name} ({@code null}: removes it); the old one is invalidated and closed. */
    void replace(String name, Manager next) {
        Manager old;
        writeLock.lock();
        try {
            Map<String, Manager> copy = new LinkedHashMap<>(table.byName());
            old = next == null ? copy.remove(name) : copy.put(name, next);
            table = new ManagerTable(copy);
        } finally {
            writeLock.unlock();
        }
        if (old != null) {
            old.cache.invalidateAll();
            closeQuietly(old);
        }
    }

    void closeAll() {
        for (Manager m : table.byName().values()) closeQuietly(m);
    }

    static void closeQuietly(Manager m) {
        try {
            m.cache.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the provider of manager '{}' failed: {}", m.name, e.getClass().getName());
        }
    }
}
