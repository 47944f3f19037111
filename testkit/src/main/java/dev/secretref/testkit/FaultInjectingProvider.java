package dev.secretref.testkit;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a provider to simulate a store that is down ({@link #failWith}) or slow ({@link #latency}), so a
 * test can prove what the resolver does then (stale values served, errors reported, timeouts, fan-out).
 * Thread-safe; the switches take effect for the next call.
 *
 * <pre>{@code
 * InMemorySecretProvider store = new InMemorySecretProvider(Map.of("db/password", "pw"));
 * FaultInjectingProvider faulty = new FaultInjectingProvider(store);
 * SecretResolver resolver = SecretResolver.builder().provider("vault", faulty).build();
 * faulty.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
 *         .message("simulated outage").build());
 * }</pre>
 */
public final class FaultInjectingProvider implements SecretProvider {
    private final SecretProvider delegate;
    private final AtomicReference<SecretManagerException> outage = new AtomicReference<>();
    private volatile Duration latency = Duration.ZERO;

    public FaultInjectingProvider(SecretProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Makes every call fail with a copy of {@code error} until {@link #recover()}, as a store that is down. */
    public FaultInjectingProvider failWith(SecretManagerException error) {
        outage.set(Objects.requireNonNull(error, "error"));
        return this;
    }

    /** Ends a simulated outage. */
    public FaultInjectingProvider recover() {
        outage.set(null);
        return this;
    }

    /** Makes each call (a fetch, a whole batch, a connection check) take this long, as a remote store would. */
    public FaultInjectingProvider latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) throw new IllegalArgumentException("latency must not be negative");
        this.latency = latency;
        return this;
    }

    @Override
    public String fetch(String path) {
        enter();
        return delegate.fetch(path);
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        enter();
        return delegate.fetchAll(paths);
    }

    @Override
    public void checkConnection() {
        enter();
        delegate.checkConnection();
    }

    @Override
    public void validatePath(String path) {
        delegate.validatePath(path);
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        enter();
        return delegate.list(prefix);
    }

    @Override
    public Optional<SecretWriter> writer() {
        return delegate.writer().map(w -> new SecretWriter() {
            @Override public Map<String, String> write(String name, Map<String, String> fields) {
                enter();
                return w.write(name, fields);
            }
            @Override public void delete(String name) {
                enter();
                w.delete(name);
            }
            @Override public Optional<Map<String, String>> paths(String name, Set<String> fields) {
                return w.paths(name, fields);
            }
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Waits out the latency (an interrupt ends the wait as a real client's would), then fails during an outage. */
    private void enter() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                        .message("The call to the simulated store was interrupted").build();
            }
        }
        SecretManagerException down = outage.get();
        if (down != null) throw down.toBuilder().build();
    }

    @Override
    public String toString() {
        return "FaultInjectingProvider[" + delegate + (outage.get() != null ? ", down" : "") + "]";
    }
}
