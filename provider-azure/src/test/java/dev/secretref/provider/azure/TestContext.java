package dev.secretref.provider.azure;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A resolver context for tests: a given executor, and a record of the credentials the provider declared. */
final class TestContext implements ProviderContext {
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-context-scheduler");
        t.setDaemon(true);
        return t;
    });

    private final Executor executor;
    final Set<String> obtained = ConcurrentHashMap.newKeySet();
    final Set<String> discarded = ConcurrentHashMap.newKeySet();

    TestContext(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Ticker ticker() { return Ticker.system(); }

    @Override
    public Executor executor() { return executor; }

    @Override
    public ScheduledExecutorService scheduler() { return SCHEDULER; }

    @Override
    public void credentialObtained(String credential) { obtained.add(credential); }

    @Override
    public void credentialDiscarded(String credential) { discarded.add(credential); }
}
