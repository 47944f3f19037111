package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cancelling an async resolve and closing the resolver reach the remote call in progress (issue 13, item 10). */
final class CancellationTest {
    private static final String REF = "{{m|ap_sep_v1|k}}";

    private final CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("k", "v")));
    private final CountDownLatch gate = new CountDownLatch(1);
    private final SecretResolver resolver = SecretResolver.builder().provider("m", store).build();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        gate.countDown();
        resolver.close();
        callers.shutdownNow();
    }

    @Test
    void cancellingAnAsyncResolveInterruptsItsFetchAndLeavesNoFailureCached() throws Exception {
        store.gate = gate;
        CompletableFuture<String> f = resolver.resolveAsync(REF);
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(f.cancel(true)).isTrue();

        assertThat(store.interrupted.await(10, TimeUnit.SECONDS)).as("the blocked fetch was interrupted").isTrue();
        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        store.gate = null;
        assertThat(resolver.resolveString(REF)).as("no failure (and no backoff) was cached").isEqualTo("v");
    }

    @Test
    void aCallerWaitingOnACancelledLoadLoadsAgain() throws Exception {
        store.gate = gate;
        CompletableFuture<String> first = resolver.resolveAsync(REF);
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> second = callers.submit(() -> resolver.resolveString(REF));   // waits on the first's load
        store.gate = null;
        first.cancel(true);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    }

    @Test
    void closeAbortsACallInProgressWhichReportsClosed() throws Exception {
        store.gate = gate;
        Future<String> call = callers.submit(() -> resolver.resolveString(REF));
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();

        resolver.close();

        assertThat(store.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.reason()).isEqualTo(Reason.CLOSED);
                    assertThat(e.getMessage()).doesNotContain("interrupted");
                });
    }

    @Test
    void closeAbortsAnAsyncCallInProgress() throws Exception {
        store.gate = gate;
        CompletableFuture<Map<String, Object>> f = resolver.resolveAsync(Map.of("a", REF));
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        resolver.close();
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
    }

    @Test
    void theCallersThreadIsNotLeftInterrupted() throws Exception {
        store.gate = gate;
        Future<Boolean> call = callers.submit(() -> {
            try {
                resolver.resolveString(REF);
            } catch (SecretManagerException expected) {
                // CLOSED
            }
            return Thread.currentThread().isInterrupted();
        });
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        resolver.close();
        assertThat(call.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
