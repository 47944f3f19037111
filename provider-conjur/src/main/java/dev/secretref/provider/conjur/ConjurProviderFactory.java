package dev.secretref.provider.conjur;

import dev.secretref.Ticker;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.RenewingToken;
import dev.secretref.provider.support.StandaloneContext;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/**
 * The CyberArk Conjur provider, id {@code cyberark-conjur}: Conjur Open Source, Secrets Manager Self-Hosted
 * (Conjur Enterprise) and Conjur Cloud, authenticating a host or user with its API key. Paths are Conjur
 * variable ids, optionally with {@code ?version=N}.
 */
public final class ConjurProviderFactory implements SecretProviderFactory {
    static final String ID = "cyberark-conjur";
    static final String URL = "url";
    static final String ACCOUNT = "organizationAccountName";
    static final String LOGIN_ID = "loginId";
    static final String API_KEY = "apiKey";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "CyberArk Conjur", List.of(
            Field.required(URL, "Conjur URL", "Base URL of the Conjur API, e.g. https://conjur.example.com; "
                    + "for Conjur Cloud https://<tenant>.secretsmgr.cyberark.cloud/api").type(FieldType.URL),
            Field.required(ACCOUNT, "Organization account name", "The Conjur account, e.g. myorg (Conjur Cloud: conjur)"),
            Field.required(LOGIN_ID, "Login ID", "The identity to log in as: host/<host-id> for a workload "
                    + "(e.g. host/apps/my-service) or a user id"),
            Field.required(API_KEY, "API key", "The API key of the login id (conjur host rotate-api-key prints a new one); "
                    + "sent only to the authenticate endpoint").sensitive(),
            Field.optional(ConjurWriteSettings.KEY, "Write prefix", "Variable id prefix for credentials secretref writes, "
                    + "e.g. apps/secretref/: field F of credential NAME is the variable <writePrefix>NAME/F, which must be declared "
                    + "in policy with update granted to the login id. Without it this manager is read-only"),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT),
            "variable-id[?version=N]", "prod/db/password");

    /** Needed by {@link java.util.ServiceLoader}. */
    public ConjurProviderFactory() { }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    /** A provider on the shared standalone context (no resolver): for existing callers. */
    @Override
    public SecretProvider create(ProviderConfig config) {
        return create(config, StandaloneContext.get());
    }

    @Override
    public SecretProvider create(ProviderConfig config, ProviderContext context) {
        return create(config, ProviderHttp.Retry.defaults(), context, ConjurUrls.MAX_URL_LENGTH);
    }

    /** For tests: the retry policy, the clock for token age, and the batch URL limit. */
    static ConjurSecretProvider create(ProviderConfig config, ProviderHttp.Retry retry, Ticker ticker, int maxUrlLength) {
        return create(config, retry, StandaloneContext.withTicker(ticker), maxUrlLength);
    }

    static ConjurSecretProvider create(ProviderConfig config, ProviderHttp.Retry retry, ProviderContext context, int maxUrlLength) {
        ConjurSettings settings = ConjurSettings.from(config);
        ConjurWriteSettings writeSettings = ConjurWriteSettings.from(config);
        ProviderHttp http = ProviderHttp.create(config, retry);
        ConjurUrls urls = new ConjurUrls(settings.url(), settings.account());
        ConjurAuthenticator authenticator = new ConjurAuthenticator(http, urls, settings.account(), settings.loginId(),
                settings.apiKey(), context.ticker());
        RenewingToken<AccessToken> tokens = new RenewingToken<>(authenticator, context.ticker(),
                Redactor.of(config.sensitiveValues(), context), AccessToken::base64);
        return new ConjurSecretProvider(settings, urls, tokens, http, new ConjurApi(http, tokens), maxUrlLength, writeSettings,
                context.ticker());
    }

    @Override
    public String toString() { return "ConjurProviderFactory[" + ID + "]"; }
}
