package dev.secretref.provider.azure;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.time.Clock;
import java.util.List;

/**
 * The Azure Key Vault provider, id {@code azure}: reads, lists and writes secrets of one vault with the
 * official SDK (HTTP through the JDK's {@code java.net.http}), authenticating as a service principal, a
 * user-assigned managed identity or through {@code DefaultAzureCredential}. Paths are
 * {@code secretName[:jsonKey][?version=ID]}.
 */
public final class AzureProviderFactory implements SecretProviderFactory {
    static final String ID = "azure";
    static final String VAULT_URL = "vaultUrl";
    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String CLIENT_CERTIFICATE = "clientCertificate";
    static final String MANAGED_IDENTITY_CLIENT_ID = "managedIdentityClientId";
    static final String AUTHORITY_HOST = "authorityHost";
    static final String MAX_CONCURRENCY = "maxConcurrency";
    static final String MAX_RETRIES = "maxRetries";
    static final String DISABLE_CHALLENGE_RESOURCE_VERIFICATION = "disableChallengeResourceVerification";
    static final String WRITE_PREFIX = "writePrefix";
    static final String PURGE_ON_DELETE = "purgeOnDelete";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "Azure Key Vault", List.of(
            Field.required(VAULT_URL, "Vault URL", "The vault's URL, e.g. https://my-vault.vault.azure.net "
                    + "(sovereign clouds: vault.azure.cn, vault.usgovcloudapi.net)").type(FieldType.URL),
            Field.optional(TENANT_ID, "Tenant ID", "The Entra ID directory (tenant) id of the service principal"),
            Field.optional(CLIENT_ID, "Client ID", "The application (client) id of the service principal"),
            Field.optional(CLIENT_SECRET, "Client secret", "A client secret of the service principal (its Value, not its "
                    + "Secret ID); sent only to the Entra ID token endpoint").sensitive(),
            Field.optional(CLIENT_CERTIFICATE, "Client certificate (PEM)", "The service principal's certificate and its "
                    + "private key as PEM, instead of a client secret").sensitive(),
            Field.optional(MANAGED_IDENTITY_CLIENT_ID, "Managed identity client ID", "The client id of a user-assigned "
                    + "managed identity; leave every credential out to use DefaultAzureCredential instead"),
            Field.optional(AUTHORITY_HOST, "Authority host", "The Entra ID host, default https://login.microsoftonline.com "
                    + "(e.g. https://login.chinacloudapi.cn, https://login.microsoftonline.us)").type(FieldType.URL),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT,
            Field.optional(MAX_CONCURRENCY, "Maximum concurrent reads", "How many secrets one batch reads in parallel "
                    + "(Key Vault has no batch read), 1 to 64, default 8").type(FieldType.INTEGER),
            Field.optional(MAX_RETRIES, "Maximum retries", "Retries of a throttled (429) or failed (5xx, connection) call, "
                    + "honouring Retry-After, 0 to 10, default 3").type(FieldType.INTEGER),
            Field.optional(DISABLE_CHALLENGE_RESOURCE_VERIFICATION, "Disable challenge resource verification",
                    "true for private endpoints and local emulators whose host is not *.vault.azure.net (default false)")
                    .type(FieldType.BOOLEAN),
            Field.optional(WRITE_PREFIX, "Write prefix", "Prefix of the names of secrets written through this manager "
                    + "(default secretref-)"),
            Field.optional(PURGE_ON_DELETE, "Purge on delete", "true to purge a deleted secret at once (needs purge "
                    + "permission; not possible with purge protection); default false keeps it soft-deleted")
                    .type(FieldType.BOOLEAN)),
            "secretName[:jsonKey][?version=ID]", "prod-api-keys:slack_token");

    /** Needed by {@link java.util.ServiceLoader}. */
    public AzureProviderFactory() { }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    /** A provider that fans batch reads out on its own daemon threads (no resolver context). */
    @Override
    public SecretProvider create(ProviderConfig config) {
        return create(config, null, Clock.systemUTC(), Sleeper.REAL);
    }

    /**
     * A provider that fans batch reads out on the resolver's executor and declares the access tokens it obtains to
     * the resolver, which masks them in every message.
     */
    @Override
    public SecretProvider create(ProviderConfig config, ProviderContext context) {
        return create(config, context, Clock.systemUTC(), Sleeper.REAL);
    }

    /**
     * For tests: the resolver's context (null = the provider's own threads, no token reporting), the wall clock for
     * validity windows, the pause between delete polls.
     */
    static AzureSecretProvider create(ProviderConfig config, ProviderContext context, Clock clock, Sleeper sleeper) {
        AzureSettings settings = AzureSettings.from(config);
        KeyVaultSession session = KeyVaultSession.open(settings, config, context);
        return new AzureSecretProvider(settings, session, context == null ? null : context.executor(), clock, sleeper,
                context == null ? Ticker.system() : context.ticker());
    }

    @Override
    public String toString() { return "AzureProviderFactory[" + ID + "]"; }
}
