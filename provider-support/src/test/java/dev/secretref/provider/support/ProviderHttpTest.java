package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** One scripted answer: a status, a Retry-After header or null, or hang until released / drop the connection. */
    private record Step(int status, String retryAfter, boolean hang, boolean drop) {
        static Step of(int status) { return new Step(status, null, false, false); }
    }

    private HttpServer server;
    private final Deque<Step> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private ProviderHttp http;
    private ProviderHttp quick;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Step step;
            synchronized (script) {
                step = script.isEmpty() ? Step.of(200) : script.poll();
            }
            exchange.getRequestBody().readAllBytes();
            if (step.hang()) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (step.drop()) {
                exchange.close();   // no status line: the client sees the connection end
                return;
            }
            if (step.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", step.retryAfter());
            byte[] body = ("status " + step.status()).getBytes();
            exchange.sendResponseHeaders(step.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
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
        release.countDown();
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x?token=not-logged");
    }

    private int get() {
        return http.send(http.request(uri()).GET().build()).statusCode();
    }

    private int post() {
        return http.send(http.request(uri()).POST(HttpRequest.BodyPublishers.ofString("{\"secret_id\":\"s\"}")).build()).statusCode();
    }

    @Test
    void transientAnswersAreRetriedUntilSuccessWithFullJitterPauses() {
        script.add(Step.of(503));
        script.add(Step.of(500));
        assertThat(get()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(3);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReturned() {
        for (int i = 0; i < 5; i++) script.add(Step.of(429));
        assertThat(get()).isEqualTo(429);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void permanentAnswersAreNotRetried() {
        for (int status : new int[] {400, 403, 404, 501}) {
            requests.set(0);
            script.add(Step.of(status));
            assertThat(get()).isEqualTo(status);
            assertThat(requests.get()).isEqualTo(1);
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void retryAfterIsHonouredInSecondsAndAsADateButNotBeyondTheLimit() {
        script.add(new Step(429, "60", false, false));
        assertThat(get()).isEqualTo(429);
        assertThat(requests.get()).isEqualTo(1);
        script.add(new Step(503, "1", false, false));
        script.add(new Step(503, "Thu, 01 Jan 2026 00:00:02 GMT", false, false));
        assertThat(get()).isEqualTo(200);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aHungServerIsAConnectionTimeoutWithoutRetriesAndWithoutTheQuery() {
        script.add(new Step(200, null, true, false));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> quick.send(quick.request(uri()).GET().build()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("GET http://127.0.0.1").doesNotContain("not-logged");
        assertThat(requests.get()).isEqualTo(1);
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
        script.add(Step.of(503));
        assertThat(post()).isEqualTo(503);
        script.add(Step.of(429));
        assertThat(post()).isEqualTo(429);
        assertThat(requests.get()).isEqualTo(2);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPostIsNotRetriedAfterATimeout() {
        script.add(new Step(200, null, true, false));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> quick.send(quick.request(uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aPostIsNotRetriedWhenTheConnectionDropsAfterItWasSent() {
        script.add(new Step(200, null, false, true));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, this::post);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(requests.get()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aGetIsRetriedWhenTheConnectionDrops() {
        script.add(new Step(200, null, false, true));
        assertThat(get()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(2);
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
        script.add(Step.of(503));
        HttpRequest renew = http.request(uri()).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(renew, Idempotency.IDEMPOTENT).statusCode()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void closeCutsOffACallInFlightWithReasonClosed() throws Exception {
        ProviderHttp slow = client("30s", "2s");
        script.add(new Step(200, null, true, false));
        CompletableFuture<SecretManagerException> call = CompletableFuture.supplyAsync(() ->
                catchThrowableOfType(SecretManagerException.class, () -> slow.send(slow.request(uri()).GET().build())));
        while (requests.get() == 0) Thread.onSpinWait();
        slow.close();
        SecretManagerException e = call.get(5, TimeUnit.SECONDS);
        assertThat(e.reason()).isEqualTo(Reason.CLOSED);
        assertThat(e.getMessage()).contains("closed");
        SecretManagerException after = catchThrowableOfType(SecretManagerException.class, () -> slow.send(slow.request(uri()).GET().build()));
        assertThat(after.reason()).isEqualTo(Reason.CLOSED);
        slow.close();
    }

    @Test
    void aServerThatStallsInTheMiddleOfTheBodyIsATimeout() throws IOException {
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);          // promise 1000 bytes, send 10, then hang
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.start();
        try {
            URI uri = URI.create("http://user:pa55word@127.0.0.1:" + stalling.getAddress().getPort() + "/x");
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> quick.send(quick.request(uri).GET().build()));
            assertThat(e).as("a stalled body must not hang the caller").isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).doesNotContain("pa55word").doesNotContain("user:");
        } finally {
            release.countDown();
            stalling.stop(0);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
