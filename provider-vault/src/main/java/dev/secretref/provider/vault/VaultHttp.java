package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Sends one request to Vault's HTTP API through the shared {@link ProviderHttp} (timeouts, TLS, bounded
 * retries of 429/502/503/504 for reads; a login POST is retried only when the connection was refused, so a
 * single-use AppRole {@code secret_id} is never spent twice): {@code X-Vault-Token} when a token is given and
 * {@code X-Vault-Namespace} on every request when a namespace is configured. Vault's error texts are scrubbed
 * of every credential the provider knows, configured or obtained.
 */
final class VaultHttp {
    private final ProviderHttp http;
    private final String base;
    private final Optional<String> namespace;
    private final Redactor redactor;

    VaultHttp(ProviderHttp http, URI url, Optional<String> namespace, Redactor redactor) {
        this.http = http;
        String s = url.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        this.base = s;
        this.namespace = namespace;
        this.redactor = redactor;
    }

    /** {@code apiPath} is relative to {@code /v1/}, already percent-encoded, and may carry a query. */
    VaultResponse send(String method, String apiPath, String token, JsonNode body) {
        HttpRequest.Builder b = http.request(URI.create(base + "/v1/" + apiPath)).header("Accept", "application/json");
        if (token != null) b.header("X-Vault-Token", token);
        namespace.ifPresent(ns -> b.header("X-Vault-Namespace", ns));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r = http.send(b.build());
        return VaultResponse.of(r.statusCode(), r.body(), redactor);
    }

    /** The Vault address, for messages. */
    String address() { return base; }

    @Override
    public String toString() {
        return "VaultHttp[" + base + namespace.map(ns -> ", namespace=" + ns).orElse("") + "]";
    }
}
