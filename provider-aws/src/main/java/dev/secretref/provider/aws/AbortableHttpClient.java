package dev.secretref.provider.aws;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK's HTTP client with a way to cut off calls in flight: {@link #abortAll()} aborts every request being
 * executed (the URL-connection client disconnects its socket, so a blocked read ends at once) and refuses new
 * ones, so {@code close()} does not wait for the SDK's own timeouts.
 */
final class AbortableHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final Set<ExecutableHttpRequest> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    AbortableHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest real = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                inFlight.add(real);
                try {
                    if (aborted) throw new IOException("the provider was closed");
                    return real.call();
                } finally {
                    inFlight.remove(real);
                }
            }

            @Override
            public void abort() {
                real.abort();
            }
        };
    }

    /**
     * Aborts every call in flight and refuses new ones, aborting again (every 20 ms, up to 2 s) while a call has not
     * returned: an abort that lands while the URL connection is still being set up does not reach its socket.
     * Idempotent.
     */
    void abortAll() {
        aborted = true;
        for (int round = 0; round < 100 && !inFlight.isEmpty(); round++) {
            for (ExecutableHttpRequest r : inFlight) r.abort();
            if (inFlight.isEmpty()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String clientName() { return delegate.clientName(); }

    @Override
    public void close() {
        delegate.close();
    }
}
