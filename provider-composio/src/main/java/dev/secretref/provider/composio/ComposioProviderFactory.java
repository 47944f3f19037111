package dev.secretref.provider.composio;

import dev.secretref.CachePolicy;
import dev.secretref.Ticker;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.time.Duration;
import java.util.List;

/**
 * The Composio provider, id {@code composio}: the current credential of a Composio connected account, read
 * with a project API key. Paths are {@code connectedAccountId[:field]}; without a field, the main credential
 * of the account's auth scheme. Read-only: {@link SecretProvider#writer()} is empty.
 *
 * <p>Default cache policy: values live at most 5 minutes and are never served stale past that. Composio
 * refreshes OAuth access tokens itself and a superseded token may stop working, so 5 minutes is the bound for
 * access tokens; {@link CachePolicy} has one ttl per manager, not one per value, so static API keys (which
 * could be kept 15 minutes) get the same, safer bound. Not-found answers are remembered 30 seconds. A manager
 * that only reads static keys may set {@code CachePolicy.defaults().withTtl(Duration.ofMinutes(15))}.
 */
public final class ComposioProviderFactory implements SecretProviderFactory {
    static final String ID = "composio";
    static final String API_KEY = "apiKey";
    static final String BASE_URL = "baseUrl";
    static final String API_VERSION = "apiVersion";

    static final CachePolicy DEFAULT_POLICY = CachePolicy.builder()
            .ttl(Duration.ofMinutes(5))
            .maxStale(Duration.ZERO)
            .notFoundTtl(Duration.ofSeconds(30))
            .build();

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "Composio", List.of(
            Field.required(API_KEY, "Project API key", "A Composio project API key (ak_…), sent as x-api-key; best a scoped "
                    + "project key with read-only access to connected accounts. User keys (uak_…) are refused.").sensitive(),
            Field.optional(BASE_URL, "Base URL", "The Composio API host (default " + ComposioSettings.DEFAULT_BASE_URL + ")")
                    .type(FieldType.URL),
            Field.optional(API_VERSION, "API version", "v3.1 (default) or v3"),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT),
            "connectedAccountId[:field]", "ca_Xb1kYb2J3ZqU:access_token");

    /** Needed by {@link java.util.ServiceLoader}. */
    public ComposioProviderFactory() { }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        return create(config, ComposioApi.RETRY, Ticker.system(), CredentialSink.NONE);
    }

    /** As {@link #create(ProviderConfig)}; times rate-limit pauses with the context's ticker and declares every token it returns. */
    @Override
    public SecretProvider create(ProviderConfig config, ProviderContext context) {
        if (context == null) return create(config);
        return create(config, ComposioApi.RETRY, context.ticker(), CredentialSink.of(context));
    }

    /** For tests: the retry policy, the clock of the rate-limit gate and where obtained credentials are declared. */
    static ComposioSecretProvider create(ProviderConfig config, ProviderHttp.Retry retry, Ticker ticker, CredentialSink sink) {
        ComposioSettings settings = ComposioSettings.from(config);
        ComposioApi api = ComposioApi.create(config, settings, retry, new RateLimitGate(ticker));
        return new ComposioSecretProvider(settings, api, sink, ticker);
    }

    @Override
    public CachePolicy defaultCachePolicy() { return DEFAULT_POLICY; }

    @Override
    public String toString() { return "ComposioProviderFactory[" + ID + "]"; }
}
