package dev.secretref.testkit;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link ProviderContext} for provider tests: a {@link FakeTicker}, real daemon threads (closed with the
 * context), and a record of the credentials the provider declared, so a test can check that every token it
 * obtains is declared and every replaced one discarded.
 *
 * <pre>{@code
 * try (TestProviderContext ctx = new TestProviderContext()) {
 *     SecretProvider p = factory.create(config, ctx);
 *     p.fetch("secret/data/app/k");
 *     assertThat(ctx.liveCredentials()).containsExactly(loginToken);
 * }
 * }</pre>
 */
public final class TestProviderContext implements ProviderContext, AutoCloseable {
    private final FakeTicker ticker;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> daemon(r, "test-provider-"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "test-provider-timer"));
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<String> events = new ArrayList<>();

    public TestProviderContext() {
        this(new FakeTicker());
    }

    public TestProviderContext(FakeTicker ticker) {
        this.ticker = ticker;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Ticker ticker() { return ticker; }

    /** The ticker, to move time. */
    public FakeTicker fakeTicker() { return ticker; }

    @Override
    public Executor executor() { return executor; }

    @Override
    public ScheduledExecutorService scheduler() { return scheduler; }

    @Override
    public void credentialObtained(String credential) {
        live.add(credential);
        synchronized (events) {
            events.add("+" + credential);
        }
    }

    @Override
    public void credentialDiscarded(String credential) {
        live.remove(credential);
        synchronized (events) {
            events.add("-" + credential);
        }
    }

    /** Credentials declared and not yet discarded. */
    public Set<String> liveCredentials() { return Set.copyOf(live); }

    /** Every declaration in order: {@code +credential} when obtained, {@code -credential} when discarded. */
    public List<String> credentialEvents() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Stops the threads. */
    @Override
    public void close() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    @Override
    public String toString() { return "TestProviderContext[" + ticker + "]"; }
}
