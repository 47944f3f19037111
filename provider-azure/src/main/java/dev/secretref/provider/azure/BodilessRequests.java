package dev.secretref.provider.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

/**
 * Drops the {@code Content-Length: 0} header the SDK puts on requests without a body (every GET and DELETE, and
 * the body-less first request of the Key Vault challenge) before they reach the JDK client, which forbids the
 * header: the azure-core JDK adapter would otherwise log a warning for every such request. Requests with a body
 * keep it (the adapter needs it to size the body).
 */
final class BodilessRequests implements HttpClient {
    private final HttpClient delegate;

    BodilessRequests(HttpClient delegate) {
        this.delegate = delegate;
    }

    private static HttpRequest strip(HttpRequest request) {
        if (request.getBodyAsBinaryData() == null || "0".equals(request.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH))) {
            request.getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        }
        return request;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(strip(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(strip(request), context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return delegate.sendSync(strip(request), context);
    }
}
