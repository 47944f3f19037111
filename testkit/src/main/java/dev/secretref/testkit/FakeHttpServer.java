package dev.secretref.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process HTTP(S) server for faking a remote service in tests, built on the JDK's own
 * {@code com.sun.net.httpserver} (module {@code jdk.httpserver}; no WireMock, no extra dependency).
 *
 * <p>It listens on {@code 127.0.0.1} on an ephemeral port with daemon threads. Requests are answered by
 * {@linkplain #route routes} (method + regex on the raw path); every request is recorded in a journal, and a request
 * no route matches is answered {@code 404} and recorded as {@linkplain #unexpected() unexpected}. Faults are
 * switched on from the test: {@link #failNext}, {@link #dropNext}, {@link #stall()}, and per route
 * {@link Route#delay}/{@link Route#gate}. All methods are thread-safe.
 *
 * <pre>{@code
 * try (FakeHttpServer server = FakeHttpServer.http()) {
 *     server.route("GET", "/v1/secret/([^/]+)", r -> Response.json(200, "{\"name\":\"" + r.group(1) + "\"}"));
 *     server.failNext(1, Response.json(503, "{}"));
 *     // ... point the provider at server.url() and call it ...
 *     assertThat(server.count("GET", "/v1/secret/.*")).isEqualTo(2);
 *     server.assertNoUnexpected();
 * }
 * }</pre>
 */
public final class FakeHttpServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY those writes meet delayed ACKs,
        // ~40 ms a request. Read once, when the JDK's server config loads: set before the first server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final Faults faults = new Faults();
    private final List<Request> journal = new ArrayList<>();            // guarded by itself
    private final List<Request> unexpected = new CopyOnWriteArrayList<>();
    private final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object stallLock = new Object();
    private boolean stalled;                                            // guarded by stallLock
    private CountDownLatch released = new CountDownLatch(1);            // guarded by stallLock

    private FakeHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        int n = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-http-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** A started plain-HTTP server on {@code 127.0.0.1} and an ephemeral port. */
    public static FakeHttpServer http() {
        try {
            return new FakeHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake HTTP server", e);
        }
    }

    /**
     * A started HTTPS server serving {@code certificates}' server certificate: a client trusts it once given
     * {@link TestCertificates#caCertificatePem()} (or {@link TestCertificates#clientSslContext()}).
     */
    public static FakeHttpServer https(TestCertificates certificates) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(certificates.serverSslContext()));
            return new FakeHttpServer(s, "https");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake HTTPS server", e);
        }
    }

    /** The base address, {@code http://127.0.0.1:<port>} or {@code https://127.0.0.1:<port>}, without a trailing slash. */
    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /** {@link #url()} followed by {@code pathAndQuery}, which starts with {@code /}. */
    public URI url(String pathAndQuery) {
        return URI.create(url() + pathAndQuery);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- routing ----

    /**
     * Answers requests whose method equals {@code method} ({@code "*"} for any; custom methods such as Vault's
     * {@code LIST} work) and whose raw, still percent-encoded path fully matches {@code pathRegex}. When several
     * routes match, the one added last wins, so a test can override a fake's default answer.
     */
    public Route route(String method, String pathRegex, Handler handler) {
        Route r = new Route(Objects.requireNonNull(method, "method"), Pattern.compile(pathRegex),
                Objects.requireNonNull(handler, "handler"));
        routes.add(r);
        return r;
    }

    /** Answers a request: a {@link Response}, or an exception, which becomes a {@code 500} and an {@link #assertNoUnexpected()} failure. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** A registered route: its own faults and delays, applied only to the requests it matches. */
    public static final class Route {
        private final String method;
        private final Pattern path;
        private final Handler handler;
        private final Faults faults = new Faults();
        private volatile Duration delay = Duration.ZERO;
        private volatile CountDownLatch gate;

        private Route(String method, Pattern path, Handler handler) {
            this.method = method;
            this.path = path;
            this.handler = handler;
        }

        /** The next {@code n} requests this route matches are answered {@code response} instead of by the handler. */
        public Route failNext(int n, Response response) {
            faults.add(n, Objects.requireNonNull(response, "response"));
            return this;
        }

        /** The next {@code n} requests this route matches get their connection closed without any answer. */
        public Route dropNext(int n) {
            faults.add(n, null);
            return this;
        }

        /** Each answer of this route waits {@code delay} first (a real pause: prefer {@link #gate} in tests). */
        public Route delay(Duration delay) {
            this.delay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Each answer of this route waits until {@code latch} reaches zero (or the server is closed). */
        public Route gate(CountDownLatch latch) {
            this.gate = latch;
            return this;
        }

        private Matcher matcher(Request r) {
            if (!method.equals("*") && !method.equals(r.method())) return null;
            Matcher m = path.matcher(r.path());
            return m.matches() ? m : null;
        }

        @Override
        public String toString() {
            return method + " " + path.pattern();
        }
    }

    // ---- faults ----

    /**
     * The next {@code n} requests, to any path, are answered {@code response}. Calls queue up in order with
     * {@link #dropNext}: {@code failNext(2, a); dropNext(1)} answers a, a, then drops. Server-wide faults go before a
     * route's own.
     */
    public FakeHttpServer failNext(int n, Response response) {
        faults.add(n, Objects.requireNonNull(response, "response"));
        return this;
    }

    /**
     * The next {@code n} requests, to any path, are read in full and then their connection is closed without a
     * status line: the client sees the connection end after it sent the request.
     */
    public FakeHttpServer dropNext(int n) {
        faults.add(n, null);
        return this;
    }

    /** From now on, answers are held (requests are still read and recorded) until {@link #release()} or {@link #close()}. */
    public FakeHttpServer stall() {
        synchronized (stallLock) {
            stalled = true;
        }
        return this;
    }

    /** Lets every held answer go, including bodies held by {@link Response#stallAfter}; new answers are no longer held. */
    public FakeHttpServer release() {
        synchronized (stallLock) {
            stalled = false;
            released.countDown();
            released = new CountDownLatch(1);
        }
        return this;
    }

    // ---- journal ----

    /** Every request received since start or {@link #reset()}, in arrival order. */
    public List<Request> requests() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** The recorded requests with this method ({@code "*"} for any) whose raw path fully matches {@code pathRegex}. */
    public List<Request> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        List<Request> out = new ArrayList<>();
        for (Request r : requests()) {
            if ((method.equals("*") || method.equals(r.method())) && p.matcher(r.path()).matches()) out.add(r);
        }
        return out;
    }

    public int count(String method, String pathRegex) {
        return requests(method, pathRegex).size();
    }

    /** How many requests were received since start or {@link #reset()}. */
    public int count() {
        synchronized (journal) {
            return journal.size();
        }
    }

    /**
     * Waits until at least {@code n} requests were received (not necessarily answered) and returns them; fails with an
     * {@link AssertionError} after 30 seconds (a bound for a broken test, not a timing: a loaded machine may take
     * seconds to start a client). Lets a test wait for a call in flight without sleeping.
     */
    public List<Request> awaitRequests(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (journal) {
            while (journal.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("expected " + n + " request(s), received " + journal.size() + ": " + journal);
                try {
                    TimeUnit.NANOSECONDS.timedWait(journal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for requests", e);
                }
            }
            return List.copyOf(journal);
        }
    }

    /** Requests no route matched (answered 404) and requests whose handler threw (answered 500). */
    public List<Request> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Fails with an {@link AssertionError} naming each {@linkplain #unexpected() unexpected} request; the first handler exception is its cause. */
    public void assertNoUnexpected() {
        if (unexpected.isEmpty()) return;
        AssertionError e = new AssertionError("unexpected request(s) to the fake server: " + unexpected
                + "; routes: " + routes);
        if (!handlerErrors.isEmpty()) e.initCause(handlerErrors.get(0));
        throw e;
    }

    /** The most requests that were being handled at the same time since start or {@link #reset()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Forgets recorded and unexpected requests, pending faults and {@link #maxInFlight()}; routes stay. */
    public FakeHttpServer reset() {
        synchronized (journal) {
            journal.clear();
        }
        unexpected.clear();
        handlerErrors.clear();
        faults.clear();
        for (Route r : routes) r.faults.clear();
        maxInFlight.set(inFlight.get());
        return this;
    }

    /** Stops the server and lets held answers go; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        release();
        for (Route r : routes) {
            CountDownLatch g = r.gate;
            if (g != null) while (g.getCount() > 0) g.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the exchange ----

    private void exchange(HttpExchange x) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Request request = Request.of(x);
            boolean stalledNow;
            CountDownLatch releaseLatch;            // taken before the request is visible, so release() cannot be missed
            synchronized (stallLock) {
                stalledNow = stalled;
                releaseLatch = released;
            }
            synchronized (journal) {
                journal.add(request);
                journal.notifyAll();
            }
            Route route = null;
            Matcher m = null;
            for (int i = routes.size() - 1; i >= 0 && route == null; i--) {
                m = routes.get(i).matcher(request);
                if (m != null) route = routes.get(i);
            }
            Faults.Fault fault = faults.poll();
            if (fault == null && route != null) fault = route.faults.poll();
            if (stalledNow) awaitQuietly(releaseLatch);
            if (route != null) hold(route);
            if (closed.get()) {
                x.close();
                return;
            }
            if (fault != null) {
                if (fault.drop()) {
                    x.close();          // no status line: the client sees the connection end
                } else {
                    send(x, fault.response(), releaseLatch);
                }
                return;
            }
            if (route == null) {
                unexpected.add(request);
                send(x, Response.text(404, "FakeHttpServer: no route for " + request + "; routes: " + routes), releaseLatch);
                return;
            }
            Response response;
            try {
                response = Objects.requireNonNull(route.handler.handle(request.withGroups(m)), "handler returned null");
            } catch (Exception | AssertionError e) {
                unexpected.add(request);
                handlerErrors.add(e);
                response = Response.text(500, "FakeHttpServer: handler for " + request + " threw " + e.getClass().getSimpleName());
            }
            send(x, response, releaseLatch);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void hold(Route route) {
        CountDownLatch g = route.gate;
        if (g != null) awaitQuietly(g);
        Duration d = route.delay;
        if (!d.isZero() && !closed.get()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange x, Response r, CountDownLatch releaseLatch) throws IOException {
        r.headers().forEach((name, values) -> x.getResponseHeaders().put(name, new ArrayList<>(values)));
        byte[] body = r.body;
        if (r.stallAfter < 0) {
            try (x) {
                boolean noBody = body.length == 0 || x.getRequestMethod().equals("HEAD") || r.status() == 204 || r.status() == 304;
                x.sendResponseHeaders(r.status(), noBody ? -1 : body.length);
                if (!noBody) x.getResponseBody().write(body);
            }
            return;
        }
        x.sendResponseHeaders(r.status(), body.length);
        OutputStream out = x.getResponseBody();
        out.write(body, 0, r.stallAfter);
        out.flush();
        if (!closed.get()) awaitQuietly(releaseLatch);
        x.close();      // fewer bytes than declared: the JDK server closes the connection mid-body
    }

    // ---- request and response ----

    /**
     * A received request, as recorded in the journal. {@link #toString()} shows only the method and path, never headers
     * or body (they may hold credentials).
     */
    public static final class Request {
        private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
        private final String method;
        private final String path;
        private final String query;
        private final Map<String, List<String>> queryParams;
        private final Map<String, List<String>> headers;
        private final byte[] body;
        private final List<String> groups;
        private final Map<String, String> namedGroups;

        private Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                        List<String> groups, Map<String, String> namedGroups) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.queryParams = parseQuery(query);
            this.headers = headers;
            this.body = body;
            this.groups = groups;
            this.namedGroups = namedGroups;
        }

        private static Request of(HttpExchange x) throws IOException {
            byte[] body = x.getRequestBody().readAllBytes();
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            x.getRequestHeaders().forEach((k, v) -> h.put(k, List.copyOf(v)));
            URI uri = x.getRequestURI();
            return new Request(x.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Collections.unmodifiableMap(h), body, List.of(), Map.of());
        }

        private Request withGroups(Matcher m) {
            List<String> g = new ArrayList<>();
            for (int i = 0; i <= m.groupCount(); i++) g.add(m.group(i) == null ? null : decode(m.group(i), false));
            Map<String, String> named = new LinkedHashMap<>();
            Matcher names = GROUP_NAME.matcher(m.pattern().pattern());
            while (names.find()) {
                String v = m.group(names.group(1));
                named.put(names.group(1), v == null ? null : decode(v, false));
            }
            return new Request(method, path, query, headers, body, Collections.unmodifiableList(g), Collections.unmodifiableMap(named));
        }

        public String method() { return method; }

        /** The path as sent, still percent-encoded (routes match against this). */
        public String path() { return path; }

        /** The raw query string as sent, or {@code null} when there is none. */
        public String query() { return query; }

        /** The query parameters, names and values decoded ({@code +} is a space), in order. */
        public Map<String, List<String>> queryParams() { return queryParams; }

        /** The first value of query parameter {@code name}, decoded, or {@code null}. */
        public String queryParam(String name) {
            List<String> v = queryParams.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The headers; names are case-insensitive. */
        public Map<String, List<String>> headers() { return headers; }

        /** The first value of header {@code name} (any case), or {@code null}. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The body as UTF-8 text (empty when there was none). */
        public String body() { return new String(body, StandardCharsets.UTF_8); }

        public byte[] bodyBytes() { return body.clone(); }

        /**
         * Group {@code i} of the route's path regex, percent-decoded ({@code 0} is the whole path). Only set on the
         * request a handler gets; journal entries have no groups.
         */
        public String group(int i) {
            if (i >= groups.size()) throw new IndexOutOfBoundsException("no group " + i + " in the route matching " + this);
            return groups.get(i);
        }

        /** Named group {@code name} of the route's path regex, percent-decoded. */
        public String group(String name) {
            if (!namedGroups.containsKey(name)) throw new IllegalArgumentException("no group " + name + " in the route matching " + this);
            return namedGroups.get(name);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        private static Map<String, List<String>> parseQuery(String query) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (query == null || query.isEmpty()) return Map.of();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            return Collections.unmodifiableMap(out);
        }

        private static String decode(String s, boolean plusIsSpace) {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, headers and body. Immutable; {@link #withHeader} returns a copy. */
    public static final class Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final byte[] body;
        private final int stallAfter;

        private Response(int status, Map<String, List<String>> headers, byte[] body, int stallAfter) {
            if (status < 100 || status > 999) throw new IllegalArgumentException("not an HTTP status: " + status);
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.stallAfter = stallAfter;
        }

        /** {@code status} with {@code body} and {@code Content-Type: application/json}. */
        public static Response json(int status, String body) {
            return of(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code status} with {@code body} and {@code Content-Type: text/plain; charset=utf-8}. */
        public static Response text(int status, String body) {
            return of(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code status} with no body. */
        public static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0], -1);
        }

        public static Response of(int status, String contentType, byte[] body) {
            return new Response(status, Map.of("Content-Type", List.of(contentType)), body.clone(), -1);
        }

        /** A copy with header {@code name: value} added. */
        public Response withHeader(String name, String value) {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            List<String> values = new ArrayList<>(h.getOrDefault(name, List.of()));
            values.add(value);
            h.put(name, List.copyOf(values));
            return new Response(status, Collections.unmodifiableMap(h), body, stallAfter);
        }

        /**
         * A copy that declares its full length, sends only the first {@code bytes} of the body, then holds the
         * connection until {@link FakeHttpServer#release()} or {@link FakeHttpServer#close()} and cuts it: a server
         * that stalls in the middle of the body.
         */
        public Response stallAfter(int bytes) {
            if (bytes < 0 || bytes >= body.length) throw new IllegalArgumentException("stallAfter must be below the body length " + body.length);
            return new Response(status, headers, body, bytes);
        }

        public int status() { return status; }

        public Map<String, List<String>> headers() { return headers; }

        public byte[] body() { return body.clone(); }

        @Override
        public String toString() {
            return "Response[" + status + "]";
        }
    }

    /** An ordered queue of canned answers and drops; a {@code null} response is a drop. */
    private static final class Faults {
        record Fault(Response response) {
            boolean drop() { return response == null; }
        }

        private final Deque<Fault> queue = new ArrayDeque<>();

        synchronized void add(int n, Response r) {
            if (n < 0) throw new IllegalArgumentException("n must not be negative: " + n);
            for (int i = 0; i < n; i++) queue.add(new Fault(r));
        }

        synchronized Fault poll() { return queue.poll(); }

        synchronized void clear() { queue.clear(); }
    }
}
