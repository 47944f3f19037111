package dev.secretref.provider.support;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ProviderContext} of a provider built without a resolver ({@code factory.create(config)}): the
 * system ticker and one process-wide pair of daemon thread pools shared by every such provider (created on
 * first use, never shut down, idle threads expire). Declared credentials go nowhere: the provider's own
 * {@link Redactor} still masks them in its messages.
 */
public final class StandaloneContext implements ProviderContext {
    private static final StandaloneContext INSTANCE = new StandaloneContext(Ticker.system());

    private final Ticker ticker;

    private StandaloneContext(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The shared standalone context. */
    public static ProviderContext get() { return INSTANCE; }

    /** The standalone context with another ticker (tests drive token lifetimes with a fake one). */
    public static ProviderContext withTicker(Ticker ticker) {
        return new StandaloneContext(java.util.Objects.requireNonNull(ticker, "ticker"));
    }

    private static final class Pools {
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(daemon("secretref-provider-"));
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(daemon("secretref-provider-timer-"));

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }

    @Override
    public Ticker ticker() { return ticker; }

    @Override
    public Executor executor() { return Pools.EXECUTOR; }

    @Override
    public ScheduledExecutorService scheduler() { return Pools.SCHEDULER; }

    @Override
    public void credentialObtained(String credential) { }

    @Override
    public void credentialDiscarded(String credential) { }

    @Override
    public String toString() { return "StandaloneContext"; }
}
