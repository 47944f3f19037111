package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP rules: which answers are retried, how often and after what pause (recorded by an injected
 * sleeper, never slept), Retry-After, timeouts, non-idempotent requests, and close() cutting calls off.
 */
final class ProviderHttpTest {
    private static final ProviderDescriptor D = ProviderDescriptor.of("t", "T", List.of(
            ProviderDescriptor.CommonFields.CONNECT_TIMEOUT, ProviderDescriptor.CommonFields.READ_TIMEOUT), "x", "x");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeHttpServer server = FakeHttpServer.http();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private ProviderHttp http;
    private ProviderHttp quick;

    @BeforeEach
    void start() {
        server.route("*", "/.*", r -> Response.text(200, "status 200"));
        http = client("5s", "2s");            // generous: a loaded build machine must not turn answers into timeouts
        quick = client("400ms", "400ms");        // only for the hang tests, where a timeout must elapse
    }

    private ProviderHttp client(String readTimeout, String connectTimeout) {
        return ProviderHttp.builder(ProviderConfig.of("m", D, Map.of("readTimeout", readTimeout, "connectTimeout", connectTimeout)))
                .retry(ProviderHttp.Retry.of(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .sleeper(pauses::add)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
        server.assertNoUnexpected();
    }

    private URI uri() {
        return server.url("/x?token=not-logged");
    }

    private static Response status(int status) {
        return Response.text(status, "status " + status);
    }

    private int get() {
        return http.send(http.request(uri()).GET().build()).statusCode();
    }

    private int post() {
        return http.send(http.request(uri()).POST(HttpRequest.BodyPublishers.ofString("{\"secret_id\":\"s\"}")).build()).statusCode();
    }

    @Test
    void transientAnswersAreRetriedUntilSuccessWithFullJitterPauses() {
        server.failNext(1, status(503)).failNext(1, status(500));
        assertThat(get()).isEqualTo(200);
        assertThat(server.count()).isEqualTo(3);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReturned() {
        server.failNext(5, status(429));
        assertThat(get()).isEqualTo(429);
        assertThat(server.count()).isEqualTo(3);
    }

    @Test
    void permanentAnswersAreNotRetried() {
        for (int status : new int[] {400, 403, 404, 501}) {
            server.reset();
            server.failNext(1, status(status));
            assertThat(get()).isEqualTo(status);
            assertThat(server.count()).isEqualTo(1);
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void retryAfterIsHonouredInSecondsAndAsADateButNotBeyondTheLimit() {
        server.failNext(1, status(429).withHeader("Retry-After", "60"));
        assertThat(get()).isEqualTo(429);
        assertThat(server.count()).isEqualTo(1);
        server.failNext(1, status(503).withHeader("Retry-After", "1"))
                .failNext(1, status(503).withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:02 GMT"));
        assertThat(get()).isEqualTo(200);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aHungServerIsAConnectionTimeoutWithoutRetriesAndWithoutTheQuery() {
        server.stall();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> quick.send(quick.request(uri()).GET().build()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("GET http://127.0.0.1").doesNotContain("not-logged");
        assertThat(server.count()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsUnreachableAfterBoundedAttempts() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/x");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> http.send(http.request(closed).GET().build()));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("after 3 attempt(s)");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aPostIsNotRetriedAfterA5xxOrThrottling() {
        server.failNext(1, status(503));
        assertThat(post()).isEqualTo(503);
        server.failNext(1, status(429));
        assertThat(post()).isEqualTo(429);
        assertThat(server.count()).isEqualTo(2);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPostIsNotRetriedAfterATimeout() {
        server.stall();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> quick.send(quick.request(uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(server.count()).isEqualTo(1);
    }

    @Test
    void aPostIsNotRetriedWhenTheConnectionDropsAfterItWasSent() {
        server.dropNext(1);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, this::post);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(server.count()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aGetIsRetriedWhenTheConnectionDrops() {
        server.dropNext(1);
        assertThat(get()).isEqualTo(200);
        assertThat(server.count()).isEqualTo(2);
    }

    @Test
    void aPostIsRetriedWhenTheConnectionWasRefused() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/login");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> http.send(http.request(closed).POST(HttpRequest.BodyPublishers.ofString("x")).build()));
        assertThat(e.getMessage()).contains("after 3 attempt(s)");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void idempotencyCanBeSetPerRequest() {
        server.failNext(1, status(503));
        HttpRequest renew = http.request(uri()).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(renew, Idempotency.IDEMPOTENT).statusCode()).isEqualTo(200);
        assertThat(server.count()).isEqualTo(2);
    }

    @Test
    void closeCutsOffACallInFlightWithReasonClosed() throws Exception {
        ProviderHttp slow = client("30s", "2s");
        server.stall();
        CompletableFuture<SecretManagerException> call = CompletableFuture.supplyAsync(() ->
                catchThrowableOfType(SecretManagerException.class, () -> slow.send(slow.request(uri()).GET().build())));
        server.awaitRequests(1);
        slow.close();
        SecretManagerException e = call.get(5, TimeUnit.SECONDS);
        assertThat(e.reason()).isEqualTo(Reason.CLOSED);
        assertThat(e.getMessage()).contains("closed");
        SecretManagerException after = catchThrowableOfType(SecretManagerException.class, () -> slow.send(slow.request(uri()).GET().build()));
        assertThat(after.reason()).isEqualTo(Reason.CLOSED);
        slow.close();
    }

    @Test
    void closeLeavesNoInterruptOnTheCallersThread() throws Exception {
        ProviderHttp slow = client("30s", "2s");
        server.stall();
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            catchThrowableOfType(SecretManagerException.class, () -> slow.send(slow.request(uri()).GET().build()));
            return Thread.currentThread().isInterrupted();
        });
        server.awaitRequests(1);
        slow.close();
        assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).as("a pool thread must not stay interrupted").isFalse();
    }

    @Test
    void aCallersOwnInterruptIsKept() throws Exception {
        server.stall();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> quick.send(quick.request(uri()).GET().build()));
            interruptedAfter.complete(e != null && e.reason() != Reason.CLOSED && Thread.currentThread().isInterrupted());
        });
        caller.start();
        server.awaitRequests(1);
        caller.interrupt();
        assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).as("the caller's own interrupt is restored, not read as close").isTrue();
    }

    @Test
    void aServerThatStallsInTheMiddleOfTheBodyIsATimeout() {
        server.route("GET", "/x", r -> Response.text(200, "x".repeat(1000)).stallAfter(10));   // promise 1000 bytes, send 10, then hang
        URI uri = URI.create("http://user:pa55word@127.0.0.1:" + server.port() + "/x");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> quick.send(quick.request(uri).GET().build()));
        assertThat(e).as("a stalled body must not hang the caller").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).doesNotContain("pa55word").doesNotContain("user:");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
