package dev.secretref.provider.gcp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Authorized calls to the Secret Manager REST API v1 ({@code <endpoint>/v1/...}). Each carries
 * {@code Authorization: Bearer <token>}; a 401 renews the token once and repeats the call. Statuses are the
 * caller's to map ({@link GoogleErrors}); transport failures come out of {@link GcpHttp#send}.
 */
final class SecretManagerApi {
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final GcpHttp http;
    private final AccessTokens tokens;
    private final String base;

    SecretManagerApi(GcpHttp http, AccessTokens tokens, URI endpoint) {
        this.http = http;
        this.tokens = tokens;
        this.base = endpoint.toString() + "/v1/";
    }

    /** {@code GET .../versions/V:access}. */
    HttpResponse<byte[]> access(SecretPath.Target t) {
        return call("GET", URI.create(base + t.versionName() + ":access"), null);
    }

    /** {@code GET projects/P[/locations/L]/secrets?pageSize=..&pageToken=..&filter=..}. */
    HttpResponse<byte[]> list(String parent, int pageSize, String pageToken, String filter) {
        StringBuilder q = new StringBuilder("?pageSize=").append(pageSize);
        if (pageToken != null) q.append("&pageToken=").append(encode(pageToken));
        if (filter != null) q.append("&filter=").append(encode(filter));
        return call("GET", URI.create(base + parent + "/secrets" + q), null);
    }

    /** {@code GET projects/P[/locations/L]/secrets/S/versions/V}: a version's metadata (state, createTime), no payload. */
    HttpResponse<byte[]> getVersion(String versionName) {
        return call("GET", URI.create(base + versionName), null);
    }

    /** {@code POST projects/P[/locations/L]/secrets?secretId=S} with a Secret resource. */
    HttpResponse<byte[]> createSecret(String parent, String secretId, byte[] secretJson) {
        return call("POST", URI.create(base + parent + "/secrets?secretId=" + encode(secretId)), secretJson);
    }

    /** {@code POST projects/P[/locations/L]/secrets/S:addVersion} with {@code {"payload": {...}}}. */
    HttpResponse<byte[]> addVersion(String secretName, byte[] requestJson) {
        return call("POST", URI.create(base + secretName + ":addVersion"), requestJson);
    }

    /** {@code DELETE projects/P[/locations/L]/secrets/S}: the secret and all its versions. */
    HttpResponse<byte[]> deleteSecret(String secretName) {
        return call("DELETE", URI.create(base + secretName), null);
    }

    private HttpResponse<byte[]> call(String method, URI uri, byte[] body) {
        String token = tokens.token();
        HttpResponse<byte[]> response = http.send(request(method, uri, body, token));
        if (response.statusCode() == 401) {
            tokens.rejected(token);
            response = http.send(request(method, uri, body, tokens.token()));
        }
        return response;
    }

    private HttpRequest request(String method, URI uri, byte[] body, String token) {
        HttpRequest.Builder b = http.request(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", JSON_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return b.build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
