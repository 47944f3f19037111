package dev.secretref;

import dev.secretref.spi.SharedCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** One "Redis" shared by several resolvers in a test: a map, and invalidations broadcast to every subscriber. */
class FakeSharedCache implements SharedCache {
    final Map<String, String> values = new ConcurrentHashMap<>();
    final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    final List<Consumer<Invalidation>> subscribers = new CopyOnWriteArrayList<>();
    final AtomicInteger gets = new AtomicInteger();
    volatile RuntimeException failure;

    private static String key(String manager, String path) {
        return manager + "\u0000" + path;
    }

    private void maybeFail() {
        RuntimeException f = failure;
        if (f != null) throw f;
    }

    @Override
    public Optional<String> get(String manager, String path) {
        gets.incrementAndGet();
        maybeFail();
        return Optional.ofNullable(values.get(key(manager, path)));
    }

    @Override
    public void put(String manager, String path, String value, Duration ttl) {
        maybeFail();
        values.put(key(manager, path), value);
        ttls.put(key(manager, path), ttl);
    }

    @Override
    public void invalidate(String manager) {
        maybeFail();
        values.keySet().removeIf(k -> k.startsWith(manager + "\u0000"));
        subscribers.forEach(s -> s.accept(Invalidation.of(manager)));
    }

    @Override
    public void invalidate(String manager, String path) {
        maybeFail();
        values.remove(key(manager, path));
        subscribers.forEach(s -> s.accept(Invalidation.of(manager, path)));
    }

    @Override
    public void subscribe(Consumer<Invalidation> listener) {
        maybeFail();
        subscribers.add(listener);
    }

    boolean holds(String manager, String path) {
        return values.containsKey(key(manager, path));
    }

    @Override
    public void close() { }
}
