package dev.secretref.provider.conjur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.Ticker;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.RenewingToken;
import java.time.Duration;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanges the login id and API key for an access token:
 * {@code POST /authn/{account}/{login}/authenticate} with the API key as the body and
 * {@code Accept-Encoding: base64}, which makes Conjur answer the token already base64-encoded
 * ({@code Content-Encoding: base64}). Older servers that ignore the header answer the JSON token, which is
 * then base64-encoded here. The POST is never repeated after it may have reached Conjur (only a refused
 * connection is retried). As a {@link RenewingToken.Source}, a token is renewed {@link #REFRESH_AFTER} after it
 * was issued and dead after {@link #LIFETIME}. Never logs or quotes the API key or the token.
 */
final class ConjurAuthenticator implements RenewingToken.Source<AccessToken> {
    /** Renew tokens this long after they were issued, two minutes before Conjur's 8-minute expiry. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(6);
    /** How long Conjur honours an access token. */
    static final Duration LIFETIME = Duration.ofMinutes(8);

    private static final Logger LOG = LoggerFactory.getLogger(ConjurAuthenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final ConjurUrls urls;
    private final String account;
    private final String loginId;
    private final String apiKey;
    private final Ticker ticker;

    ConjurAuthenticator(ProviderHttp http, ConjurUrls urls, String account, String loginId, String apiKey, Ticker ticker) {
        this.http = http;
        this.urls = urls;
        this.account = account;
        this.loginId = loginId;
        this.apiKey = apiKey;
        this.ticker = ticker;
    }

    @Override
    public RenewingToken.Lease<AccessToken> obtain(long nowNanos) {
        return RenewingToken.Lease.of(authenticate(), nowNanos, REFRESH_AFTER, LIFETIME);
    }

    AccessToken authenticate() {
        HttpRequest request = http.request(urls.authenticate(loginId))
                .header("Accept-Encoding", "base64")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(apiKey, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request);
        } catch (SecretManagerException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                    .message("Authenticating to Conjur failed: " + e.getMessage()).cause(e.getCause()).build();
        }
        int status = response.statusCode();
        if (status != 200) {
            throw failure(status);
        }
        String token = tokenOf(response);
        LOG.debug("Authenticated to Conjur account '{}' as '{}'", account, loginId);
        return new AccessToken(token, ticker.read());
    }

    private String tokenOf(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        boolean encoded = response.headers().firstValue("Content-Encoding").map(v -> v.strip().equalsIgnoreCase("base64")).orElse(false);
        try {
            byte[] json = encoded ? Base64.getMimeDecoder().decode(body) : body;
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject() || !node.has("payload")) throw new IOException("not a Conjur token");
        } catch (IOException | IllegalArgumentException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.PROVIDER_ERROR)
                    .message("Conjur's authenticate endpoint answered 200 without an access token; check that url points at the "
                            + "Conjur API (for Conjur Cloud it ends in /api)").build();
        }
        return encoded
                ? new String(body, StandardCharsets.US_ASCII).replaceAll("\\s", "")
                : Base64.getEncoder().encodeToString(body);
    }

    private SecretManagerException failure(int status) {
        String who = "login id '" + loginId + "' on account '" + account + "'";
        return switch (status) {
            case 401 -> auth("Conjur rejected the API key of " + who + " (401); check loginId (hosts log in as host/<host-id>), "
                    + "apiKey (it changes when rotated) and organizationAccountName");
            case 403 -> auth("Conjur refused to authenticate " + who + " (403): the role may not use this authenticator; check the "
                    + "authenticator is enabled and the role is permitted on it");
            case 404 -> auth("Conjur has no authenticate endpoint for " + who + " at url (404); check url (Conjur Cloud uses "
                    + "https://<tenant>.secretsmgr.cyberark.cloud/api with account conjur) and organizationAccountName");
            default -> {
                SecretManagerException e = ConjurErrors.forStatus(status, "authentication of " + who);
                yield SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                        .message(e.getMessage()).build();
            }
        };
    }

    private static SecretManagerException auth(String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(message).build();
    }
}
