package dev.secretref.provider.onepassword;

import dev.secretref.CachePolicy;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.StandaloneContext;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The 1Password provider ({@code onepassword}). Two modes, chosen by config:
 * <ul>
 *   <li><b>service account</b> ({@code serviceAccountToken}): reads through the 1Password CLI {@code op}
 *       (2.18.0 or later; {@code opPath}, {@code timeout});</li>
 *   <li><b>Connect</b> ({@code connectHost} + {@code connectToken}): reads through a 1Password Connect
 *       server's REST API ({@code caCertificate}, {@code connectTimeout}, {@code readTimeout}).</li>
 * </ul>
 * Paths are secret references: {@code op://vault/item/[section/]field[?attribute=otp|type|value]}.
 */
public final class OnePasswordProviderFactory implements SecretProviderFactory {
    static final String ID = "onepassword";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static final Field SERVICE_ACCOUNT_TOKEN = Field.optional("serviceAccountToken", "Service account token",
            "A 1Password service account token (starts with ops_); passed to the op CLI only through its environment. "
                    + "Set this, or connectHost + connectToken").sensitive();
    static final Field OP_PATH = Field.optional("opPath", "op executable",
            "Path of the 1Password CLI (version 2.18.0 or later); default: op on the PATH. Service-account mode only");
    static final Field TIMEOUT = Field.optional("timeout", "op timeout",
            "How long one op run may take before it is killed, e.g. 30s (default 30s). Service-account mode only")
            .type(FieldType.DURATION);
    static final Field CONNECT_HOST = Field.optional("connectHost", "Connect server URL",
            "URL of your 1Password Connect server, e.g. https://op-connect.internal:8443. Connect mode only").type(FieldType.URL);
    static final Field CONNECT_TOKEN = Field.optional("connectToken", "Connect access token",
            "A 1Password Connect access token with read access to the vaults you reference. Connect mode only").sensitive();

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "1Password",
            List.of(SERVICE_ACCOUNT_TOKEN, OP_PATH, TIMEOUT, CONNECT_HOST, CONNECT_TOKEN, OnePasswordWriteSettings.WRITE_VAULT,
                    CommonFields.CA_CERTIFICATE, CommonFields.CONNECT_TIMEOUT, CommonFields.READ_TIMEOUT),
            "op://vault/item/[section/]field[?attribute=otp|type|value]",
            "op://Production/Stripe/credentials/secret key");

    /**
     * 15 minutes fresh, served up to 4 hours stale while 1Password fails: service accounts may make
     * 1,000 reads an hour per token on Teams (10,000 on Business) and 1,000 to 50,000 requests a day
     * per account, and one {@code op read} costs at least one read.
     */
    private static final CachePolicy CACHE_POLICY = CachePolicy.builder()
            .ttl(Duration.ofMinutes(15))
            .maxStale(Duration.ofHours(4))
            .build();

    private final Supplier<Map<String, String>> parentEnvironment;

    /** The factory ServiceLoader uses. */
    public OnePasswordProviderFactory() {
        this(System::getenv);
    }

    OnePasswordProviderFactory(Supplier<Map<String, String>> parentEnvironment) {
        this.parentEnvironment = parentEnvironment;
    }

    @Override
    public String id() { return ID; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public CachePolicy defaultCachePolicy() { return CACHE_POLICY; }

    /** A provider on the shared standalone context (no resolver): for existing callers. */
    @Override
    public SecretProvider create(ProviderConfig config) {
        return create(config, StandaloneContext.get());
    }

    @Override
    public SecretProvider create(ProviderConfig config, ProviderContext context) {
        boolean serviceAccount = config.has(SERVICE_ACCOUNT_TOKEN.key());
        boolean host = config.has(CONNECT_HOST.key());
        boolean connectToken = config.has(CONNECT_TOKEN.key());
        List<String> problems = new ArrayList<>();
        if (!serviceAccount && !host && !connectToken) {
            problems.add("choose a mode: set serviceAccountToken (service account, via the op CLI) "
                    + "or connectHost + connectToken (1Password Connect)");
        } else if (serviceAccount && (host || connectToken)) {
            problems.add("set either serviceAccountToken or connectHost + connectToken, not both");
        } else if (!serviceAccount && host != connectToken) {
            problems.add(host ? "connectHost needs connectToken" : "connectToken needs connectHost");
        }
        if (serviceAccount) {
            for (Field f : List.of(CommonFields.CA_CERTIFICATE, CommonFields.CONNECT_TIMEOUT, CommonFields.READ_TIMEOUT)) {
                if (config.has(f.key())) problems.add(f.key() + " applies only to Connect mode (connectHost + connectToken)");
            }
            if (!config.require(SERVICE_ACCOUNT_TOKEN.key()).strip().startsWith("ops_")) {
                problems.add("serviceAccountToken does not look like a service account token (those start with ops_)");
            }
            if (config.duration(TIMEOUT.key()).map(Duration::isZero).orElse(false)) {
                problems.add("timeout must be longer than zero");
            }
        } else {
            for (Field f : List.of(OP_PATH, TIMEOUT)) {
                if (config.has(f.key())) problems.add(f.key() + " applies only to service-account mode (serviceAccountToken)");
            }
        }
        if (!problems.isEmpty()) throw config.invalid(problems);
        java.util.Optional<String> writeVault = OnePasswordWriteSettings.from(config);
        Scrubber scrubber = new Scrubber(Redactor.of(config.sensitiveValues(), context));
        if (serviceAccount) {
            String token = config.require(SERVICE_ACCOUNT_TOKEN.key()).strip();
            OpRunner runner = new OpRunner(config.get(OP_PATH.key()).map(String::strip).orElse("op"),
                    config.duration(TIMEOUT.key(), DEFAULT_TIMEOUT),
                    ChildEnvironment.build(parentEnvironment.get(), token));
            return new CliSecretProvider(runner, scrubber, new CliItemWriter(runner, scrubber, writeVault));
        }
        ProviderHttp http = ProviderHttp.create(config, ProviderHttp.Retry.defaults());
        ConnectClient client = new ConnectClient(http, config.require(CONNECT_HOST.key()), config.require(CONNECT_TOKEN.key()).strip(),
                scrubber);
        return new ConnectSecretProvider(client, new ConnectItemWriter(client, http, config.require(CONNECT_HOST.key()),
                config.require(CONNECT_TOKEN.key()).strip(), writeVault, scrubber));
    }

    @Override
    public String toString() { return "OnePasswordProviderFactory[" + ID + "]"; }
}
