package dev.secretref;

import dev.secretref.spi.ProviderContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** The {@link ProviderContext} one manager's provider gets: the resolver's clock and threads, and its mask. */
final class ManagerContext implements ProviderContext {
    private final ResolverRuntime runtime;
    private final CredentialMask mask;

    ManagerContext(ResolverRuntime runtime, CredentialMask mask) {
        this.runtime = runtime;
        this.mask = mask;
    }

    @Override
    public Ticker ticker() { return runtime.ticker; }

    @Override
    public Executor executor() { return runtime.executor; }

    @Override
    public ScheduledExecutorService scheduler() { return runtime.scheduler(); }

    @Override
    public void credentialObtained(String credential) { mask.add(credential); }

    @Override
    public void credentialDiscarded(String credential) { mask.remove(credential); }

    @Override
    public String toString() { return "ProviderContext[" + mask + "]"; }
}
