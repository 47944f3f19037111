package dev.secretref.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, the journal, the fault switches and HTTPS of the shared fake server, driven by the JDK HTTP client. */
final class FakeHttpServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeHttpServer server = FakeHttpServer.http();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return client.send(HttpRequest.newBuilder(server.url(pathAndQuery)).method(method, p)
                .header("X-Vault-Token", "t0k").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null);
    }

    @Test
    void aRouteAnswersWithDecodedGroupsQueryHeadersAndBody() throws Exception {
        List<Request> seen = new ArrayList<>();
        server.route("POST", "/v1/(?<mount>[^/]+)/data/([^/]+)", r -> {
            seen.add(r);
            return Response.json(201, "{\"ok\":true}").withHeader("X-Request-Id", "42");
        });
        HttpResponse<String> r = send("POST", "/v1/kv/data/a%2Fb?version=3&name=x+y&name=z", "{\"v\":1}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("x-request-id")).hasValue("42");
        Request in = seen.get(0);
        assertThat(in.path()).isEqualTo("/v1/kv/data/a%2Fb");
        assertThat(in.group("mount")).isEqualTo("kv");
        assertThat(in.group(2)).isEqualTo("a/b");
        assertThat(in.queryParam("version")).isEqualTo("3");
        assertThat(in.queryParams().get("name")).containsExactly("x y", "z");
        assertThat(in.header("x-vault-token")).isEqualTo("t0k");
        assertThat(in.body()).isEqualTo("{\"v\":1}");
        assertThat(server.unexpected()).isEmpty();
    }

    @Test
    void theRouteAddedLastWinsSoATestCanOverrideADefault() throws Exception {
        server.route("GET", "/x", r -> Response.text(200, "default"));
        server.route("GET", "/x", r -> Response.text(200, "override"));
        assertThat(get("/x").body()).isEqualTo("override");
    }

    @Test
    void theVaultListMethodIsRoutedByItsOwnName() throws Exception {
        server.route("LIST", "/v1/secret/metadata/", r -> Response.json(200, "{\"data\":{\"keys\":[\"a\"]}}"));
        assertThat(send("LIST", "/v1/secret/metadata/", null).body()).contains("\"keys\"");
        assertThat(get("/v1/secret/metadata/").statusCode()).isEqualTo(404);
        assertThat(server.count("LIST", "/v1/secret/.*")).isEqualTo(1);
    }

    @Test
    void anUnmatchedRequestIs404AndRecordedAsUnexpected() throws Exception {
        server.route("GET", "/known", r -> Response.empty(204));
        HttpResponse<String> r = get("/unknown?q=1");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no route for GET /unknown").contains("GET /known");
        assertThat(server.unexpected()).extracting(Request::toString).containsExactly("GET /unknown");
        assertThatThrownBy(server::assertNoUnexpected).isInstanceOf(AssertionError.class).hasMessageContaining("GET /unknown");
    }

    @Test
    void aHandlerThatThrowsIsA500AndFailsAssertNoUnexpectedWithTheCause() throws Exception {
        server.route("GET", "/boom", r -> {
            throw new IllegalStateException("fake broke");
        });
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        assertThatThrownBy(server::assertNoUnexpected).hasRootCauseMessage("fake broke");
    }

    @Test
    void theJournalRecordsEveryRequestAndCountsByMethodAndPath() throws Exception {
        server.route("*", "/s/.*", r -> Response.empty(200));
        get("/s/a");
        get("/s/b");
        send("PUT", "/s/a", "v");
        get("/nowhere");

        assertThat(server.requests()).extracting(Request::toString).containsExactly("GET /s/a", "GET /s/b", "PUT /s/a", "GET /nowhere");
        assertThat(server.count("GET", "/s/.*")).isEqualTo(2);
        assertThat(server.count("*", "/s/a")).isEqualTo(2);
        assertThat(server.requests("PUT", "/s/a").get(0).body()).isEqualTo("v");
        assertThat(server.count()).isEqualTo(4);

        server.reset();
        assertThat(server.requests()).isEmpty();
        assertThat(server.unexpected()).isEmpty();
        assertThat(get("/s/c").statusCode()).as("routes survive reset").isEqualTo(200);
    }

    @Test
    void theRecordedRequestHidesHeadersAndBodyInToString() throws Exception {
        server.route("POST", "/login", r -> Response.empty(200));
        send("POST", "/login", "password=hunter2");
        assertThat(server.requests().get(0).toString()).isEqualTo("POST /login").doesNotContain("hunter2").doesNotContain("t0k");
    }

    @Test
    void failNextAnswersTheNextRequestsInOrderThenTheRouteAgain() throws Exception {
        server.route("GET", "/x", r -> Response.text(200, "real"));
        server.failNext(2, Response.text(503, "busy").withHeader("Retry-After", "1")).failNext(1, Response.empty(429));
        HttpResponse<String> first = get("/x");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("retry-after")).hasValue("1");
        assertThat(get("/x").statusCode()).isEqualTo(503);
        assertThat(get("/x").statusCode()).isEqualTo(429);
        assertThat(get("/x").body()).isEqualTo("real");
        assertThat(server.count("GET", "/x")).isEqualTo(4);
    }

    @Test
    void aRouteFaultOnlyHitsThatRoute() throws Exception {
        server.route("GET", "/a", r -> Response.text(200, "a"));
        server.route("GET", "/b", r -> Response.text(200, "b")).failNext(1, Response.empty(500));
        assertThat(get("/a").statusCode()).isEqualTo(200);
        assertThat(get("/b").statusCode()).isEqualTo(500);
        assertThat(get("/b").statusCode()).isEqualTo(200);
    }

    @Test
    void dropNextClosesTheConnectionWithoutAnAnswerAfterReadingTheRequest() throws Exception {
        server.route("POST", "/x", r -> Response.text(200, "ok"));
        server.dropNext(1);
        Throwable t = catchThrowable(() -> send("POST", "/x", "body"));
        assertThat(t).isInstanceOf(IOException.class);
        assertThat(server.requests("POST", "/x")).extracting(Request::body).containsExactly("body");
        assertThat(send("POST", "/x", "again").body()).isEqualTo("ok");
    }

    @Test
    void stallHoldsAnswersUntilReleased() throws Exception {
        server.route("GET", "/x", r -> Response.text(200, "late"));
        server.stall();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(HttpRequest.newBuilder(server.url("/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        server.awaitRequests(1);
        assertThat(call).isNotDone();
        server.release();
        assertThat(call.get(10, TimeUnit.SECONDS).body()).isEqualTo("late");
    }

    @Test
    void closeLetsAStalledCallEndAndIsIdempotent() throws Exception {
        server.route("GET", "/x", r -> Response.text(200, "never"));
        server.stall();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(HttpRequest.newBuilder(server.url("/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        server.awaitRequests(1);
        server.close();
        server.close();
        assertThat(catchThrowable(() -> call.get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void stallAfterSendsPartOfTheBodyThenHoldsTheConnection() throws Exception {
        server.route("GET", "/x", r -> Response.text(200, "0123456789").stallAfter(3));
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(HttpRequest.newBuilder(server.url("/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        server.awaitRequests(1);
        assertThat(call).isNotDone();
        server.release();
        assertThat(catchThrowable(() -> call.get(10, TimeUnit.SECONDS))).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aGatedRouteWaitsForItsLatchAndMaxInFlightCountsConcurrentRequests() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        server.route("GET", "/slow", r -> Response.text(200, "ok")).gate(gate);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(server.url("/slow")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        server.awaitRequests(3);
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        gate.countDown();
        for (CompletableFuture<HttpResponse<String>> c : calls) assertThat(c.get(10, TimeUnit.SECONDS).body()).isEqualTo("ok");
        assertThat(server.maxInFlight()).isEqualTo(3);
    }

    @Test
    void sequentialRequestsNeverOverlap() throws Exception {
        server.route("GET", "/x", r -> Response.empty(200));
        for (int i = 0; i < 3; i++) get("/x");
        assertThat(server.maxInFlight()).isEqualTo(1);
    }

    @Test
    void awaitRequestsReturnsTheJournalOnceEnoughArrived() throws Exception {
        server.route("GET", "/x", r -> Response.empty(200));
        get("/x");
        assertThat(server.awaitRequests(1)).hasSize(1);
    }

    @Test
    void httpsServesTheTestCertificateAndIsTrustedOnlyWithItsCa() throws Exception {
        TestCertificates certs = TestCertificates.localhost();
        try (FakeHttpServer tls = FakeHttpServer.https(certs)) {
            tls.route("GET", "/x", r -> Response.text(200, "secure"));
            assertThat(tls.url().toString()).startsWith("https://127.0.0.1:");
            HttpClient trusting = HttpClient.newBuilder().sslContext(certs.clientSslContext()).build();
            for (URI u : List.of(tls.url("/x"), URI.create("https://localhost:" + tls.port() + "/x"))) {
                assertThat(trusting.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("secure");
            }
            Throwable refused = catchThrowable(() -> client.send(HttpRequest.newBuilder(tls.url("/x")).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(refused).isInstanceOf(SSLHandshakeException.class);
        }
    }
}
