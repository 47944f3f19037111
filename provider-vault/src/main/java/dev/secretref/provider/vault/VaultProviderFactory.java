package dev.secretref.provider.vault;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/**
 * HashiCorp Vault (provider id {@code hashicorp}): KV v1 and v2 secrets, with AppRole, Kubernetes or
 * static-token auth and optional Enterprise namespaces.
 */
public final class VaultProviderFactory implements SecretProviderFactory {
    static final String ID = "hashicorp";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "HashiCorp Vault", List.of(
            Field.required("url", "Vault address", "Vault's address, e.g. https://vault.example.com:8200 (without /v1)").type(FieldType.URL),
            Field.optional("token", "Token", "A Vault token, used as is (never renewed). Use this, or AppRole, or Kubernetes").sensitive(),
            Field.optional("roleId", "AppRole role ID", "AppRole role_id; set together with secretId").sensitive(),
            Field.optional("secretId", "AppRole secret ID", "AppRole secret_id; set together with roleId").sensitive(),
            Field.optional("kubernetesRole", "Kubernetes role", "The Vault role for Kubernetes auth (the pod's service-account JWT is sent)"),
            Field.optional("jwtPath", "Service-account token file", "Kubernetes auth: the JWT file (default " + KubernetesAuth.DEFAULT_JWT_PATH + ")"),
            Field.optional("authMount", "Auth mount", "Where the AppRole or Kubernetes auth method is mounted (default approle / kubernetes)"),
            Field.optional("namespace", "Namespace", "Vault Enterprise / HCP namespace, sent as X-Vault-Namespace on every request"),
            Field.optional("maxConcurrency", "Parallel reads", "How many secret paths a batch reads at once (default 8, at most 64)").type(FieldType.INTEGER),
            Field.optional("writePrefix", "Write prefix",
                    "Mount and path under which secretref writes credentials (default secret/secretref/): a credential "
                            + "NAME becomes the KV secret <writePrefix>NAME; grant create/update (and delete on metadata) there only"),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT),
            "mount/data/path/key (KV v2) or mount/path/key (KV v1 or v2), optionally ?version=N (KV v2)",
            "secret/data/prod/db/password");

    /** Used by {@link java.util.ServiceLoader}. */
    public VaultProviderFactory() { }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        return create(config, ProviderHttp.Retry.defaults(), Ticker.system());
    }

    /** With a chosen retry policy and clock: tests use fast retries and a manual ticker. */
    static SecretProvider create(ProviderConfig config, ProviderHttp.Retry retry, Ticker ticker) {
        VaultSettings settings = VaultSettings.from(config);
        VaultWriteSettings writeSettings = VaultWriteSettings.from(config);
        return new VaultSecretProvider(settings, ProviderHttp.create(config, retry), ticker, config.sensitiveValues(), writeSettings);
    }
}
