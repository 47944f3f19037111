package dev.secretref.provider.support;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared HTTP rules: which answers are retried, how often, Retry-After, and timeouts. */
final class ProviderHttpTest {
    private static final ProviderDescriptor D = ProviderDescriptor.of("t", "T", List.of(
            ProviderDescriptor.CommonFields.CONNECT_TIMEOUT, ProviderDescriptor.CommonFields.READ_TIMEOUT), "x", "x");

    private HttpServer server;
    private final Deque<int[]> script = new ArrayDeque<>();   // {status, retryAfterSeconds or -1, delayMs}
    private final AtomicInteger requests = new AtomicInteger();
    private ProviderHttp http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            int[] step = script.isEmpty() ? new int[] {200, -1, 0} : script.poll();
            try {
                if (step[2] > 0) Thread.sleep(step[2]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (step[1] >= 0) exchange.getResponseHeaders().add("Retry-After", Integer.toString(step[1]));
            byte[] body = ("status " + step[0]).getBytes();
            exchange.sendResponseHeaders(step[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        http = ProviderHttp.create(ProviderConfig.of("m", D, Map.of("readTimeout", "1s", "connectTimeout", "500ms")),
                ProviderHttp.Retry.of(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int get() {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x?token=not-logged");
        return http.send(http.request(uri).GET().build()).statusCode();
    }

    @Test
    void transientAnswersAreRetriedUntilSuccess() {
        script.add(new int[] {503, -1, 0});
        script.add(new int[] {500, -1, 0});
        assertThat(get()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void retriesAreBoundedAndTheLastAnswerIsReturned() {
        for (int i = 0; i < 5; i++) script.add(new int[] {429, -1, 0});
        assertThat(get()).isEqualTo(429);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void permanentAnswersAreNotRetried() {
        for (int status : new int[] {400, 403, 404, 501}) {
            requests.set(0);
            script.add(new int[] {status, -1, 0});
            assertThat(get()).isEqualTo(status);
            assertThat(requests.get()).isEqualTo(1);
        }
    }

    @Test
    void aRetryAfterLongerThanAllowedIsNotWaitedFor() {
        script.add(new int[] {429, 60, 0});
        assertThat(get()).isEqualTo(429);
        assertThat(requests.get()).isEqualTo(1);
        script.add(new int[] {503, 0, 0});
        assertThat(get()).isEqualTo(200);
    }

    @Test
    void aHungServerIsATimeoutWithoutRetriesAndWithoutTheQuery() {
        script.add(new int[] {200, -1, 3000});
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, this::get);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.getMessage()).contains("GET http://127.0.0.1").doesNotContain("not-logged");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsUnreachableAfterBoundedAttempts() {
        int port = server.getAddress().getPort();
        server.stop(0);
        URI uri = URI.create("http://127.0.0.1:" + port + "/x");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> http.send(http.request(uri).GET().build()));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("after 3 attempt(s)");
    }

    @Test
    void aServerThatStallsInTheMiddleOfTheBodyIsATimeout() throws IOException {
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);          // promise 1000 bytes, send 10, then hang
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(4_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        stalling.start();
        try {
            URI uri = URI.create("http://user:pa55word@127.0.0.1:" + stalling.getAddress().getPort() + "/x");
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> http.send(http.request(uri).GET().build()));
            assertThat(e).as("a stalled body must not hang the caller").isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).doesNotContain("pa55word").doesNotContain("user:");
        } finally {
            stalling.stop(0);
        }
    }
}
