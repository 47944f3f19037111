package dev.secretref.provider.aws;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.provider.support.PemTrust;
import dev.secretref.provider.support.Redactor;
import dev.secretref.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK objects of one manager: one URL-connection HTTP client shared by a Secrets Manager client and
 * an STS client, and the credentials provider (static keys, the default chain, or an assumed role that
 * refreshes itself before expiry). Building them does no network I/O. {@link #close()} closes them all.
 */
final class AwsClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    final SecretsManagerClient secretsManager;
    final StsClient sts;
    /** The credentials Secrets Manager calls are signed with (the assumed role's when roleArn is set). */
    final AwsCredentialsProvider credentials;
    private final List<AutoCloseable> closeables;
    private final AbortableHttpClient http;

    private AwsClients(SecretsManagerClient secretsManager, StsClient sts, AwsCredentialsProvider credentials,
                       List<AutoCloseable> closeables, AbortableHttpClient http) {
        this.secretsManager = secretsManager;
        this.sts = sts;
        this.credentials = credentials;
        this.closeables = closeables;
        this.http = http;
    }

    /**
     * @param context lends the SDK its scheduler (API-call timeouts), so the provider starts no timer thread
     * @param redactor learns the assumed role's temporary credentials as STS issues them
     */
    static AwsClients create(AwsSettings s, ProviderConfig config, ProviderContext context, Redactor redactor) {
        List<AutoCloseable> closeables = new ArrayList<>();
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(s.connectTimeout)
                .socketTimeout(s.readTimeout);
        if (s.caCertificate.isPresent()) {
            TrustManager[] trust = PemTrust.trustManagers(s.caCertificate.get(), config);
            http.tlsTrustManagersProvider(() -> trust);
        }
        AbortableHttpClient httpClient = new AbortableHttpClient(http.build());

        // The manager's config is the single source of client settings: the shared config file
        // (~/.aws/config) does not change endpoints, retries or timeouts behind its back. The default
        // credential chain still reads its own sources.
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(s.apiCallTimeout)
                .apiCallAttemptTimeout(s.apiCallAttemptTimeout)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.maxAttempts).build())
                .defaultProfileFile(ProfileFile.aggregator().build())
                .defaultProfileName("default")
                .scheduledExecutorService(context.scheduler())
                .build();
        Region region = Region.of(s.region);

        AwsCredentialsProvider base;
        if (s.hasStaticKeys()) {
            AwsCredentials keys = s.sessionToken.isPresent()
                    ? AwsSessionCredentials.create(s.accessKeyId.get(), s.secretAccessKey.get(), s.sessionToken.get())
                    : AwsBasicCredentials.create(s.accessKeyId.get(), s.secretAccessKey.get());
            base = StaticCredentialsProvider.create(keys);
        } else {
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            base = chain;
        }

        var stsBuilder = StsClient.builder().region(region).httpClient(httpClient)
                .credentialsProvider(base).overrideConfiguration(override.toBuilder().addExecutionInterceptor(new StsReplyCheck()).build());
        s.stsEndpoint.ifPresent(stsBuilder::endpointOverride);
        StsClient sts = stsBuilder.build();

        AwsCredentialsProvider effective = base;
        if (s.roleArn.isPresent()) {
            effective = new DeclaringCredentialsProvider(StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .asyncCredentialUpdateEnabled(false)
                    .refreshRequest(r -> {
                        r.roleArn(s.roleArn.get()).roleSessionName(s.roleSessionName);
                        s.externalId.ifPresent(r::externalId);
                    })
                    .build(), redactor);
        }

        var smBuilder = SecretsManagerClient.builder().region(region).httpClient(httpClient)
                .credentialsProvider(effective).overrideConfiguration(override);
        s.endpoint.ifPresent(smBuilder::endpointOverride);
        SecretsManagerClient sm = smBuilder.build();

        // Close in reverse order of use: clients, then credential providers, then the shared HTTP client.
        closeables.add(sm);
        if (effective != base && effective instanceof SdkAutoCloseable c) closeables.add(c);
        closeables.add(sts);
        if (base instanceof SdkAutoCloseable c) closeables.add(c);
        closeables.add(httpClient);
        return new AwsClients(sm, sts, effective, closeables, httpClient);
    }

    /** Cuts off calls in flight (their sockets are closed) and refuses new ones. */
    void abortInFlight() {
        http.abortAll();
    }

    @Override
    public void close() {
        http.abortAll();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing {} failed: {}", c.getClass().getSimpleName(), e.getClass().getSimpleName());
            }
        }
    }
}
