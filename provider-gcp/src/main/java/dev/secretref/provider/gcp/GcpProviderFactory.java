package dev.secretref.provider.gcp;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;
import java.util.function.Function;

/**
 * The Google Cloud Secret Manager provider, id {@code gcp}: global and regional secrets over the REST API v1,
 * authenticated with a service account key ({@code credentialsJson}) or Application Default Credentials.
 * Paths are {@code secretName[:jsonKey]} or {@code projects/P/secrets/S[:jsonKey]}, optionally with
 * {@code ?version=N}. Writes go through {@link SecretProvider#writer()}.
 */
public final class GcpProviderFactory implements SecretProviderFactory {
    static final String ID = "gcp";
    static final String PROJECT_ID = "projectId";
    static final String CREDENTIALS_JSON = "credentialsJson";
    static final String LOCATION = "location";
    static final String ENDPOINT = "endpoint";
    static final String MAX_CONCURRENCY = "maxConcurrency";
    static final String WRITE_PREFIX = "writePrefix";
    static final String REPLICATION_LOCATIONS = "replicationLocations";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "Google Secret Manager", List.of(
            Field.required(PROJECT_ID, "Project ID", "The Google Cloud project that holds the secrets, e.g. my-project-123"),
            Field.optional(CREDENTIALS_JSON, "Service account key (JSON)", "The JSON key of a service account "
                    + "(gcloud iam service-accounts keys create); leave empty to use Application Default Credentials "
                    + "(GOOGLE_APPLICATION_CREDENTIALS, the GCE/GKE/Cloud Run metadata server, workload identity federation, "
                    + "gcloud auth application-default login)").sensitive(),
            Field.optional(LOCATION, "Location (regional secrets)", "A region such as us-central1 to use regional secrets "
                    + "through secretmanager.<location>.rep.googleapis.com; empty for global secrets"),
            Field.optional(ENDPOINT, "Endpoint", "Overrides the API root, e.g. a Private Service Connect endpoint "
                    + "(default https://secretmanager.googleapis.com, or the regional one for a location)").type(FieldType.URL),
            Field.optional(MAX_CONCURRENCY, "Max concurrent reads", "How many secret versions a batch reads at once "
                    + "(default " + GcpSettings.DEFAULT_MAX_CONCURRENCY + ")").type(FieldType.INTEGER),
            Field.optional(WRITE_PREFIX, "Write prefix", "Secret id prefix for secrets this SDK writes (default "
                    + GcpSettings.DEFAULT_WRITE_PREFIX + ")"),
            Field.optional(REPLICATION_LOCATIONS, "Replication locations", "Comma-separated regions for secrets this SDK creates "
                    + "(user-managed replication); empty = automatic replication"),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT),
            "secretName[:jsonKey] or projects/<project>/secrets/<secret>[:jsonKey], optionally ?version=N (default latest)",
            "prod-api-keys:slack_token");

    /** Needed by {@link java.util.ServiceLoader}. */
    public GcpProviderFactory() { }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        OwnedContext own = new OwnedContext();
        return create(config, own, GcpHttp::create, own);
    }

    @Override
    public SecretProvider create(ProviderConfig config, ProviderContext context) {
        return create(config, context, GcpHttp::create, () -> { });
    }

    /** For tests: how the HTTP client is made (its retry policy); {@code onClose} releases what the provider owns. No network I/O. */
    static GcpSecretProvider create(ProviderConfig config, ProviderContext context, Function<ProviderConfig, GcpHttp> client,
            AutoCloseable onClose) {
        GcpSettings settings = GcpSettings.from(config);
        GcpHttp http = client.apply(config);
        JdkHttpTransport transport = new JdkHttpTransport(http);
        AccessTokens tokens = AccessTokens.create(settings, transport.factory(), context, config);
        SecretManagerApi api = new SecretManagerApi(http, tokens, settings.endpoint());
        return new GcpSecretProvider(settings, tokens, api, context.executor(), onClose, context.ticker());
    }

    @Override
    public String toString() { return "GcpProviderFactory[" + ID + "]"; }
}
