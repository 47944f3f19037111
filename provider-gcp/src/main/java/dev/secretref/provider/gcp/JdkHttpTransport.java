package dev.secretref.provider.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.auth.http.HttpTransportFactory;
import dev.secretref.SecretManagerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The auth library's HTTP transport, backed by {@link GcpHttp}: token requests (service-account JWT grants,
 * the metadata server, workload identity federation) use the provider's timeouts, CA certificate and retries
 * instead of the library's own {@code HttpURLConnection} transport with its defaults.
 */
final class JdkHttpTransport extends HttpTransport {
    /** Headers {@code java.net.http} sets itself and refuses from callers; and gzip, which we do not ask for. */
    private static final Set<String> SKIPPED = Set.of("connection", "content-length", "expect", "host", "upgrade", "accept-encoding");

    private final GcpHttp http;

    JdkHttpTransport(GcpHttp http) {
        this.http = http;
    }

    /** A factory that always hands out this transport. */
    HttpTransportFactory factory() {
        return () -> this;
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(method, url);
    }

    /**
     * A failure of the provider's HTTP layer, carried through the auth library as the {@link IOException} it
     * expects. {@link AccessTokens} unwraps it. Its message is the provider's own, which names no credential.
     */
    static final class TransportFailure extends IOException {
        private static final long serialVersionUID = 1L;

        TransportFailure(SecretManagerException cause) {
            super(cause.getMessage(), cause);
        }

        SecretManagerException failure() { return (SecretManagerException) getCause(); }
    }

    private final class Request extends LowLevelHttpRequest {
        private final String method;
        private final String url;
        private final List<String[]> headers = new ArrayList<>();

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        @Override
        public void addHeader(String name, String value) {
            headers.add(new String[] {name, value});
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            HttpRequest.Builder b = http.request(URI.create(url));
            boolean contentType = false;
            for (String[] h : headers) {
                String lower = h[0].toLowerCase(Locale.ROOT);
                if (SKIPPED.contains(lower)) continue;
                contentType |= lower.equals("content-type");
                b.header(h[0], h[1]);
            }
            if (!contentType && getContentType() != null) b.header("Content-Type", getContentType());
            if (getContentEncoding() != null) b.header("Content-Encoding", getContentEncoding());
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (getStreamingContent() != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                getStreamingContent().writeTo(out);
                body = HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
            }
            try {
                // a token request mints a new token and changes nothing: safe to repeat after a 5xx or a timeout
                return new Response(http.send(b.method(method, body).build(), dev.secretref.provider.support.Idempotency.IDEMPOTENT));
            } catch (SecretManagerException e) {
                throw new TransportFailure(e);
            }
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final HttpResponse<byte[]> response;
        private final List<String[]> headers = new ArrayList<>();

        Response(HttpResponse<byte[]> response) {
            this.response = response;
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                if (e.getKey().startsWith(":")) continue;
                for (String v : e.getValue()) headers.add(new String[] {e.getKey(), v});
            }
        }

        @Override
        public InputStream getContent() { return new ByteArrayInputStream(response.body()); }

        @Override
        public String getContentEncoding() { return response.headers().firstValue("Content-Encoding").orElse(null); }

        @Override
        public long getContentLength() { return response.body().length; }

        @Override
        public String getContentType() { return response.headers().firstValue("Content-Type").orElse(null); }

        @Override
        public String getStatusLine() { return "HTTP/1.1 " + response.statusCode(); }

        @Override
        public int getStatusCode() { return response.statusCode(); }

        @Override
        public String getReasonPhrase() { return null; }

        @Override
        public int getHeaderCount() { return headers.size(); }

        @Override
        public String getHeaderName(int index) { return headers.get(index)[0]; }

        @Override
        public String getHeaderValue(int index) { return headers.get(index)[1]; }
    }
}
