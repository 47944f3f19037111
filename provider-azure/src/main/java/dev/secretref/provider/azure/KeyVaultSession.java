package dev.secretref.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.SecretServiceVersion;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager's connection to its vault: a JDK-based HTTP client (shared, with the config's timeouts and
 * CA) and the current {@link SecretClient} with its credential. Building it does no network I/O.
 *
 * <p>When Key Vault rejects a token the SDK still holds (revoked, or the identity's rights changed), the SDK's
 * token cache keeps answering with the same token and the call fails with 401. {@link #call} then builds a new
 * credential and client (so a new token is fetched) and retries once; concurrent callers that saw the same
 * rejection share that one renewal.
 */
final class KeyVaultSession {
    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultSession.class);
    /** A Key Vault data-plane version this provider is tested against (and the fake serves). */
    static final SecretServiceVersion SERVICE_VERSION = SecretServiceVersion.V7_5;

    private final Function<TokenCredential, SecretClient> clients;
    private final Supplier<TokenCredential> credentials;
    private final ProviderContext context;
    private final Object renewLock = new Object();
    private volatile Generation current;

    /** A client, the credential it uses, and the count of renewals before it. */
    private record Generation(int number, SecretClient client, TokenCredential credential) { }

    private KeyVaultSession(Function<TokenCredential, SecretClient> clients, Supplier<TokenCredential> credentials,
                            ProviderContext context) {
        this.clients = clients;
        this.credentials = credentials;
        this.context = context;
        this.current = generation(0);
    }

    private Generation generation(int number) {
        TokenCredential credential = credentials.get();
        if (context != null) credential = new ReportedCredential(credential, context);
        return new Generation(number, clients.apply(credential), credential);
    }

    /**
     * Opens the session; {@code context}, when not null, is told about every access token obtained (so the resolver
     * masks it) and about tokens that are no longer used.
     */
    static KeyVaultSession open(AzureSettings s, ProviderConfig config, ProviderContext context) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
        s.caCertificate.ifPresent(pem -> jdk.sslContext(dev.secretref.provider.support.PemTrust.sslContext(pem, config)));
        HttpClient http = new BodilessRequests(new JdkHttpClientBuilder(jdk)
                .connectionTimeout(s.connectTimeout)
                .responseTimeout(s.readTimeout)
                .readTimeout(s.readTimeout)
                .writeTimeout(s.readTimeout)
                .build());
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(s.maxRetries)
                .setBaseDelay(Duration.ofMillis(500))
                .setMaxDelay(Duration.ofSeconds(8)));
        return new KeyVaultSession(credential -> {
            SecretClientBuilder b = new SecretClientBuilder()
                    .vaultUrl(s.vaultUrl.toString())
                    .serviceVersion(SERVICE_VERSION)
                    .httpClient(http)
                    .retryOptions(retry)
                    .credential(credential);
            if (s.disableChallengeResourceVerification) b.disableChallengeResourceVerification();
            return b.buildClient();
        }, () -> credential(s, http), context);
    }

    /** A fresh credential (with an empty token cache) for the configured identity. */
    private static TokenCredential credential(AzureSettings s, HttpClient http) {
        switch (s.auth) {
            case CLIENT_SECRET -> {
                ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder()
                        .tenantId(s.tenantId.orElseThrow()).clientId(s.clientId.orElseThrow())
                        .clientSecret(s.clientSecret.orElseThrow()).httpClient(http);
                s.authorityHost.ifPresent(a -> b.authorityHost(a.toString()).disableInstanceDiscovery());
                return b.build();
            }
            case CLIENT_CERTIFICATE -> {
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                        .tenantId(s.tenantId.orElseThrow()).clientId(s.clientId.orElseThrow())
                        .pemCertificate(new ByteArrayInputStream(s.clientCertificate.orElseThrow().getBytes(StandardCharsets.US_ASCII)))
                        .httpClient(http);
                s.authorityHost.ifPresent(a -> b.authorityHost(a.toString()).disableInstanceDiscovery());
                return b.build();
            }
            case MANAGED_IDENTITY -> {
                return new ManagedIdentityCredentialBuilder().clientId(s.managedIdentityClientId.orElseThrow()).httpClient(http).build();
            }
            default -> {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().httpClient(http);
                s.authorityHost.ifPresent(a -> b.authorityHost(a.toString()));
                return b.build();
            }
        }
    }

    /**
     * Runs {@code op} on the current client; when Key Vault answers 401 (the token was rejected), renews the
     * credential and client once and runs {@code op} once more. A second 401 is thrown to the caller.
     */
    <T> T call(Function<SecretClient, T> op) {
        Generation g = current;
        try {
            return op.apply(g.client);
        } catch (HttpResponseException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 401) throw e;
            return op.apply(renewAfter(g).client);
        }
    }

    private Generation renewAfter(Generation stale) {
        synchronized (renewLock) {
            if (current == stale) {
                LOG.info("Key Vault rejected the access token of generation {}; getting a new token", stale.number);
                current = generation(stale.number + 1);
                if (stale.credential instanceof ReportedCredential r) r.discardAll();
            }
            return current;
        }
    }

    /** The tokens of the current credential are no longer used (the provider is closing). */
    void close() {
        if (current.credential instanceof ReportedCredential r) r.discardAll();
    }
}
