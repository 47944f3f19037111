package dev.secretref.micrometer;

import dev.secretref.spi.SharedCache;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A shared cache in a map, that throws while {@link #down} is set. */
final class MapSharedCache implements SharedCache {
    final Map<String, String> values = new ConcurrentHashMap<>();
    volatile boolean down;

    private void check() {
        if (down) throw new IllegalStateException("shared cache down");
    }

    @Override
    public Optional<String> get(String manager, String path) {
        check();
        return Optional.ofNullable(values.get(manager + "|" + path));
    }

    @Override
    public void put(String manager, String path, String value, Duration ttl) {
        check();
        values.put(manager + "|" + path, value);
    }

    @Override
    public void invalidate(String manager) {
        check();
        values.keySet().removeIf(k -> k.startsWith(manager + "|"));
    }

    @Override
    public void invalidate(String manager, String path) {
        check();
        values.remove(manager + "|" + path);
    }

    @Override
    public void subscribe(Consumer<Invalidation> listener) { }

    @Override
    public void close() { }
}
