package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * OAuth2 access tokens for Secret Manager, from a service account key ({@code credentialsJson}) or from
 * Application Default Credentials. Google's auth library signs the JWT grant (or talks to the metadata
 * server / STS) and caches the token until shortly before it expires; every request it makes goes through
 * {@link JdkHttpTransport}. Its own retries are off: {@link GcpHttp} retries. ADC are looked up on first use,
 * never in the factory (the lookup may probe the metadata server). Each new token is declared to the
 * {@link ProviderContext} so the resolver masks it in messages.
 */
final class AccessTokens {
    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransportFactory transport;
    private final ProviderContext context;
    private final Object lock = new Object();
    private volatile GoogleCredentials credentials;
    private volatile String declared;

    private AccessTokens(GoogleCredentials credentials, HttpTransportFactory transport, ProviderContext context) {
        this.credentials = credentials;
        this.transport = transport;
        this.context = context;
    }

    /**
     * Tokens for {@code settings}: its service account key, parsed now (no network I/O), or ADC later.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when the key cannot be read
     */
    static AccessTokens create(GcpSettings settings, HttpTransportFactory transport, ProviderContext context,
            ProviderConfig config) {
        Optional<byte[]> key = settings.serviceAccountKey();
        if (key.isEmpty()) return new AccessTokens(null, transport, context);
        try {
            ServiceAccountCredentials sa = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(key.get()), transport);
            return new AccessTokens(prepare(sa), transport, context);
        } catch (IOException | RuntimeException e) {
            // the library's message may quote the key file: name the class only
            throw config.invalid(List.of("credentialsJson could not be read as a service account key ("
                    + e.getClass().getSimpleName() + "); check that private_key is the PEM PKCS#8 key Google issued"));
        }
    }

    private static GoogleCredentials prepare(GoogleCredentials c) {
        GoogleCredentials scoped = c.createScopedRequired() ? c.createScoped(List.of(CLOUD_PLATFORM)) : c;
        return scoped.createWithCustomRetryStrategy(false);
    }

    /**
     * A valid access token, fetched or renewed when needed (concurrent callers share one renewal).
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_CONNECTION_FAILED}: {@code AUTHENTICATION_FAILED}
     *     when the token endpoint refused the credentials or none were found, {@code UNREACHABLE} /
     *     {@code TIMEOUT} when it could not be reached
     */
    String token() {
        GoogleCredentials c = credentials();
        AccessToken t;
        try {
            c.refreshIfExpired();
            t = c.getAccessToken();
        } catch (IOException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            throw authFailed("Obtaining a Google access token failed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (t == null || t.getTokenValue() == null) {
            throw authFailed("Google's credentials produced no access token; check credentialsJson or the host's "
                    + "Application Default Credentials", null);
        }
        declare(t.getTokenValue());
        return t.getTokenValue();
    }

    /** Secret Manager refused {@code used} with 401: renew it, unless another caller already did. */
    void rejected(String used) {
        GoogleCredentials c = credentials();
        synchronized (lock) {
            AccessToken current = c.getAccessToken();
            if (current != null && used.equals(current.getTokenValue())) {
                try {
                    c.refresh();
                } catch (IOException e) {
                    throw failure(e);
                }
            }
        }
    }

    private GoogleCredentials credentials() {
        GoogleCredentials c = credentials;
        if (c != null) return c;
        synchronized (lock) {
            if (credentials == null) {
                try {
                    credentials = prepare(GoogleCredentials.getApplicationDefault(transport));
                } catch (IOException e) {
                    throw authFailed("No Google credentials: credentialsJson is not set and Application Default Credentials "
                            + "were not found; set credentialsJson to a service account key, or on the host set "
                            + "GOOGLE_APPLICATION_CREDENTIALS, run on GCE/GKE/Cloud Run with a service account, or run "
                            + "'gcloud auth application-default login'", e instanceof JdkHttpTransport.TransportFailure ? e : null);
                }
            }
            return credentials;
        }
    }

    private void declare(String token) {
        String previous = declared;
        if (token.equals(previous)) return;
        declared = token;
        context.credentialObtained(token);
        if (previous != null) context.credentialDiscarded(previous);
    }

    /** Forgets the declared token (on close). */
    void close() {
        String previous = declared;
        declared = null;
        if (previous != null) context.credentialDiscarded(previous);
    }

    /** The library's exception, as our error; never its message (it may quote the token endpoint's answer). */
    static SecretManagerException failure(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JdkHttpTransport.TransportFailure tf) {
                SecretManagerException sme = tf.failure();
                return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, sme.reason())
                        .message("Fetching a Google access token failed: " + sme.getMessage()
                                + " (the token endpoint is the key's token_uri, or the metadata server for ADC)")
                        .cause(sme.getCause()).build();
            }
            if (c instanceof HttpResponseException hre) {
                return tokenEndpointRefused(hre.getStatusCode(), hre.getContent());
            }
        }
        return authFailed("Obtaining a Google access token failed (" + e.getClass().getSimpleName()
                + "); check credentialsJson or the host's Application Default Credentials", null);
    }

    private static SecretManagerException tokenEndpointRefused(int status, String body) {
        String detail = oauthError(body);
        if (status == 429) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.THROTTLED)
                    .message("Google's token endpoint rate-limited the token request (429) and retries did not get through; retry later")
                    .build();
        }
        if (status >= 500) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("Google's token endpoint failed with HTTP " + status + " after retries; retry later").build();
        }
        return authFailed("Google's token endpoint refused the credentials (HTTP " + status + detail + "): for a service account key, "
                + "check that the key is not deleted or disabled, the service account exists and is enabled, and the "
                + "machine's clock is correct; for ADC, check the host's credentials", null);
    }

    /** {@code ": invalid_grant (Invalid JWT Signature.)"} from an OAuth error body, or empty. Never echoes a JWT. */
    private static String oauthError(String body) {
        if (body == null || body.isBlank()) return "";
        try {
            JsonNode n = JSON.readTree(body);
            String error = n.path("error").asText("");
            String description = n.path("error_description").asText("");
            if (error.isEmpty() || !error.matches("[a-z_]{1,64}")) return "";
            if (description.length() > 200 || description.contains("eyJ")) description = "";
            return ": " + error + (description.isEmpty() ? "" : " (" + description + ")");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static SecretManagerException authFailed(String message, Throwable cause) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(message).cause(cause).build();
    }
}
