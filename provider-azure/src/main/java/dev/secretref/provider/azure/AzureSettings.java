package dev.secretref.provider.azure;

import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated settings of one Azure Key Vault manager. Not a record: {@link #toString()} hides the
 * client secret and the client certificate.
 */
final class AzureSettings {
    static final int DEFAULT_MAX_CONCURRENCY = 8;
    static final int MAX_MAX_CONCURRENCY = 64;
    static final int DEFAULT_MAX_RETRIES = 3;
    static final int MAX_MAX_RETRIES = 10;
    static final String DEFAULT_WRITE_PREFIX = "secretref-";
    /** Key Vault names: letters, digits and dashes, 1 to 127 characters; the prefix leaves room for a 64-character id. */
    private static final Pattern WRITE_PREFIX = Pattern.compile("[A-Za-z0-9-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.-]{1,256}");

    /** How the manager authenticates. */
    enum Auth {
        CLIENT_SECRET("service principal with client secret"),
        CLIENT_CERTIFICATE("service principal with client certificate"),
        MANAGED_IDENTITY("user-assigned managed identity"),
        DEFAULT_CHAIN("DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI)");

        final String description;

        Auth(String description) {
            this.description = description;
        }
    }

    final String manager;
    final URI vaultUrl;
    final Auth auth;
    final Optional<String> tenantId;
    final Optional<String> clientId;
    final Optional<String> clientSecret;
    final Optional<String> clientCertificate;
    final Optional<String> managedIdentityClientId;
    final Optional<URI> authorityHost;
    final Optional<String> caCertificate;
    final Duration connectTimeout;
    final Duration readTimeout;
    final int maxConcurrency;
    final int maxRetries;
    final boolean disableChallengeResourceVerification;
    final String writePrefix;
    final boolean purgeOnDelete;

    private AzureSettings(ProviderConfig c, Auth auth) {
        manager = c.managerName();
        vaultUrl = URI.create(stripSlash(c.require(AzureProviderFactory.VAULT_URL).strip()));
        this.auth = auth;
        tenantId = c.get(AzureProviderFactory.TENANT_ID).map(String::strip);
        clientId = c.get(AzureProviderFactory.CLIENT_ID).map(String::strip);
        clientSecret = c.get(AzureProviderFactory.CLIENT_SECRET);
        clientCertificate = c.get(AzureProviderFactory.CLIENT_CERTIFICATE);
        managedIdentityClientId = c.get(AzureProviderFactory.MANAGED_IDENTITY_CLIENT_ID).map(String::strip);
        authorityHost = c.get(AzureProviderFactory.AUTHORITY_HOST).map(s -> URI.create(stripSlash(s.strip())));
        caCertificate = c.get("caCertificate");
        connectTimeout = c.duration("connectTimeout", ProviderHttp.DEFAULT_CONNECT_TIMEOUT);
        readTimeout = c.duration("readTimeout", ProviderHttp.DEFAULT_READ_TIMEOUT);
        maxConcurrency = c.integer(AzureProviderFactory.MAX_CONCURRENCY).map(Long::intValue).orElse(DEFAULT_MAX_CONCURRENCY);
        maxRetries = c.integer(AzureProviderFactory.MAX_RETRIES).map(Long::intValue).orElse(DEFAULT_MAX_RETRIES);
        disableChallengeResourceVerification = c.bool(AzureProviderFactory.DISABLE_CHALLENGE_RESOURCE_VERIFICATION, false);
        writePrefix = c.get(AzureProviderFactory.WRITE_PREFIX).map(String::strip).orElse(DEFAULT_WRITE_PREFIX);
        purgeOnDelete = c.bool(AzureProviderFactory.PURGE_ON_DELETE, false);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Reads and cross-checks {@code config}: every problem is named in one {@code VALIDATION / INVALID_CONFIG}
     * error, and no problem quotes a credential.
     */
    static AzureSettings from(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        boolean secret = config.has(AzureProviderFactory.CLIENT_SECRET);
        boolean certificate = config.has(AzureProviderFactory.CLIENT_CERTIFICATE);
        boolean managed = config.has(AzureProviderFactory.MANAGED_IDENTITY_CLIENT_ID);
        boolean tenant = config.has(AzureProviderFactory.TENANT_ID);
        boolean client = config.has(AzureProviderFactory.CLIENT_ID);

        int explicit = (secret ? 1 : 0) + (certificate ? 1 : 0) + (managed ? 1 : 0);
        Auth auth = Auth.DEFAULT_CHAIN;
        if (explicit > 1) {
            problems.add("set exactly one of clientSecret, clientCertificate (a service principal) or managedIdentityClientId "
                    + "(a user-assigned managed identity), or none of them to use DefaultAzureCredential");
        } else if (secret || certificate) {
            auth = secret ? Auth.CLIENT_SECRET : Auth.CLIENT_CERTIFICATE;
            String what = secret ? "clientSecret" : "clientCertificate";
            if (!tenant) problems.add(what + " needs tenantId (the directory id of the service principal)");
            if (!client) problems.add(what + " needs clientId (the application id of the service principal)");
        } else if (managed) {
            auth = Auth.MANAGED_IDENTITY;
            if (tenant || client) {
                problems.add("managedIdentityClientId does not take tenantId or clientId (they belong to a service principal)");
            }
        } else if (tenant || client) {
            problems.add("tenantId and clientId need clientSecret or clientCertificate (a service principal); "
                    + "leave all three out to use DefaultAzureCredential");
        }
        if (certificate && !config.get(AzureProviderFactory.CLIENT_CERTIFICATE).orElse("").contains("PRIVATE KEY-----")) {
            problems.add("clientCertificate must hold the PEM certificate and its private key (-----BEGIN PRIVATE KEY-----)");
        }
        config.get(AzureProviderFactory.TENANT_ID).map(String::strip).ifPresent(t -> {
            if (!TENANT.matcher(t).matches()) {
                problems.add("tenantId must be a directory id (a GUID) or a domain like contoso.onmicrosoft.com");
            }
        });

        URI vault = URI.create(stripSlash(config.require(AzureProviderFactory.VAULT_URL).strip()));
        if (!"https".equalsIgnoreCase(vault.getScheme())) {
            problems.add("vaultUrl must be an https:// URL like https://<name>.vault.azure.net (Key Vault only accepts tokens over TLS)");
        }
        if ((vault.getRawPath() != null && !vault.getRawPath().isEmpty()) || vault.getRawQuery() != null || vault.getRawFragment() != null) {
            problems.add("vaultUrl must be the vault's base URL without a path or query, like https://<name>.vault.azure.net");
        }
        config.get(AzureProviderFactory.AUTHORITY_HOST).map(s -> URI.create(stripSlash(s.strip()))).ifPresent(a -> {
            if (!"https".equalsIgnoreCase(a.getScheme())) {
                problems.add("authorityHost must be an https:// URL like https://login.microsoftonline.com");
            }
        });
        if (auth == Auth.MANAGED_IDENTITY && config.has(AzureProviderFactory.AUTHORITY_HOST)) {
            problems.add("authorityHost is not used by a managed identity (its token comes from the Azure host)");
        }
        config.integer(AzureProviderFactory.MAX_CONCURRENCY).ifPresent(n -> {
            if (n < 1 || n > MAX_MAX_CONCURRENCY) problems.add("maxConcurrency must be between 1 and " + MAX_MAX_CONCURRENCY);
        });
        config.integer(AzureProviderFactory.MAX_RETRIES).ifPresent(n -> {
            if (n < 0 || n > MAX_MAX_RETRIES) problems.add("maxRetries must be between 0 and " + MAX_MAX_RETRIES);
        });
        config.get(AzureProviderFactory.WRITE_PREFIX).map(String::strip).ifPresent(p -> {
            if (!WRITE_PREFIX.matcher(p).matches()) {
                problems.add("writePrefix must be at most 63 letters, digits or dashes (Key Vault secret names allow nothing else)");
            }
        });
        if (!problems.isEmpty()) throw config.invalid(problems);
        return new AzureSettings(config, auth);
    }

    /** The vault's host, for messages. */
    String vaultHost() { return vaultUrl.getHost(); }

    /** How this manager authenticates, without any credential. */
    String authDescription() {
        return switch (auth) {
            case CLIENT_SECRET, CLIENT_CERTIFICATE -> auth.description + " (tenant " + tenantId.orElse("?") + ", client "
                    + clientId.orElse("?") + ")";
            case MANAGED_IDENTITY -> auth.description + " (client " + managedIdentityClientId.orElse("?") + ")";
            case DEFAULT_CHAIN -> auth.description;
        };
    }

    @Override
    public String toString() {
        return "AzureSettings[manager=" + manager + ", vaultUrl=" + vaultUrl + ", auth=" + authDescription()
                + (clientSecret.isPresent() ? ", clientSecret=██" : "")
                + (clientCertificate.isPresent() ? ", clientCertificate=██" : "")
                + authorityHost.map(a -> ", authorityHost=" + a).orElse("")
                + ", maxConcurrency=" + maxConcurrency + ", maxRetries=" + maxRetries
                + (disableChallengeResourceVerification ? ", challengeResourceVerification=off" : "")
                + ", writePrefix=" + writePrefix + (purgeOnDelete ? ", purgeOnDelete" : "") + "]";
    }
}
