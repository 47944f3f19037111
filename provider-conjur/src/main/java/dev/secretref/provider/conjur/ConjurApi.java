package dev.secretref.provider.conjur;

import dev.secretref.provider.support.ProviderHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Authorized GETs against Conjur: each carries {@code Authorization: Token token="..."} from the
 * {@link TokenCache}; a 401 drops that token and the call is repeated once with a freshly issued one.
 * Transport failures come out of {@link ProviderHttp#send} as {@code TIMEOUT} / {@code UNREACHABLE}.
 */
final class ConjurApi {
    private final ProviderHttp http;
    private final TokenCache tokens;

    ConjurApi(ProviderHttp http, TokenCache tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    /** GETs {@code uri}; asks for base64-encoded values (batch endpoint) when {@code base64}. */
    HttpResponse<byte[]> get(URI uri, boolean base64) {
        AccessToken token = tokens.token();
        HttpResponse<byte[]> response = http.send(request(uri, token, base64));
        if (response.statusCode() == 401) {
            tokens.invalidate(token);
            response = http.send(request(uri, tokens.token(), base64));
        }
        return response;
    }

    /** POSTs {@code body} (raw bytes) to {@code uri}, with the same one re-authentication on 401. */
    HttpResponse<byte[]> post(URI uri, byte[] body) {
        AccessToken token = tokens.token();
        HttpResponse<byte[]> response = http.send(postRequest(uri, token, body));
        if (response.statusCode() == 401) {
            tokens.invalidate(token);
            response = http.send(postRequest(uri, tokens.token(), body));
        }
        return response;
    }

    private HttpRequest postRequest(URI uri, AccessToken token, byte[] body) {
        return http.request(uri).header("Authorization", token.authorizationHeader())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest request(URI uri, AccessToken token, boolean base64) {
        HttpRequest.Builder b = http.request(uri).header("Authorization", token.authorizationHeader()).GET();
        if (base64) b.header("Accept-Encoding", "base64");
        return b.build();
    }
}
