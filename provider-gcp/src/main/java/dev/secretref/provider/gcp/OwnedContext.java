package dev.secretref.provider.gcp;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The context of a provider created without one ({@link GcpProviderFactory#create(dev.secretref.spi.ProviderConfig)}):
 * daemon threads for batch reads, made on first use and ended by {@link #close()} with the provider. No
 * credential mask list to feed. Not used when the resolver lends its own context.
 */
final class OwnedContext implements ProviderContext, AutoCloseable {
    private final AtomicInteger threads = new AtomicInteger();
    private volatile ExecutorService pool;
    private volatile ScheduledExecutorService scheduler;

    @Override
    public Ticker ticker() { return Ticker.system(); }

    @Override
    public Executor executor() {
        return task -> pool().execute(task);
    }

    private ExecutorService pool() {
        ExecutorService p = pool;
        if (p != null) return p;
        synchronized (this) {
            if (pool == null) pool = Executors.newCachedThreadPool(daemon("secretref-gcp-read-"));
            return pool;
        }
    }

    @Override
    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) scheduler = Executors.newSingleThreadScheduledExecutor(daemon("secretref-gcp-timer-"));
        return scheduler;
    }

    @Override
    public void credentialObtained(String credential) { }

    @Override
    public void credentialDiscarded(String credential) { }

    private ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public synchronized void close() {
        if (pool != null) pool.shutdownNow();
        if (scheduler != null) scheduler.shutdownNow();
    }
}
