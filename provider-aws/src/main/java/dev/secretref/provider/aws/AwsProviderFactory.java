package dev.secretref.provider.aws;

import dev.secretref.provider.support.Redactor;
import dev.secretref.provider.support.StandaloneContext;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/**
 * The {@code aws} provider: AWS Secrets Manager through the AWS SDK for Java v2 (URL-connection HTTP
 * client). Paths are {@code secretName[:jsonKey]} or a full secret ARN {@code [:jsonKey]}, optionally
 * followed by {@code ?versionStage=LABEL} or {@code ?versionId=ID}.
 */
public final class AwsProviderFactory implements SecretProviderFactory {
    static final String ID = "aws";

    static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of(ID, "AWS Secrets Manager", List.of(
            Field.required("region", "Region", "The AWS region of the secrets, e.g. eu-west-1"),
            Field.optional("accessKeyId", "Access key ID",
                    "Access key ID of an IAM user or role; set together with secretAccessKey. "
                            + "Leave both empty to use the SDK default credential chain (environment, profile, container or instance role)")
                    .sensitive(),
            Field.optional("secretAccessKey", "Secret access key",
                    "The secret access key that belongs to accessKeyId; set together with accessKeyId").sensitive(),
            Field.optional("sessionToken", "Session token",
                    "Session token for temporary credentials (with accessKeyId and secretAccessKey)").sensitive(),
            Field.optional("endpoint", "Secrets Manager endpoint",
                    "Override of the Secrets Manager endpoint, for a VPC endpoint or a local emulator, e.g. https://vpce-123.secretsmanager.eu-west-1.vpce.amazonaws.com")
                    .type(FieldType.URL),
            Field.optional("roleArn", "Role ARN",
                    "An IAM role to assume through STS AssumeRole; its temporary credentials are refreshed before they expire"),
            Field.optional("externalId", "External ID",
                    "The external ID the role's trust policy requires (with roleArn)").sensitive(),
            Field.optional("roleSessionName", "Role session name",
                    "The session name for AssumeRole, visible in CloudTrail (default secretref)"),
            Field.optional("stsEndpoint", "STS endpoint",
                    "Override of the STS endpoint used for AssumeRole and the connection check, for a VPC endpoint or a local emulator")
                    .type(FieldType.URL),
            Field.optional("apiCallTimeout", "API call timeout",
                    "Upper bound for one API call including all retries, e.g. 30s (default 30s)").type(FieldType.DURATION),
            Field.optional("apiCallAttemptTimeout", "API call attempt timeout",
                    "Upper bound for one HTTP attempt of an API call, e.g. 10s (default 10s)").type(FieldType.DURATION),
            Field.optional("maxAttempts", "Max attempts",
                    "Attempts per API call with the SDK's standard retry strategy, 1 to 10 (default 3; 1 disables retries)")
                    .type(FieldType.INTEGER),
            Field.optional("writePrefix", "Write prefix",
                    "Secret name prefix for credentials secretref writes (default secretref/); grant write actions on it only"),
            Field.optional("deleteRecoveryDays", "Delete recovery days",
                    "Recovery window when secretref deletes a credential: 7 to 30 days, or 0 to delete at once without recovery (default 7)")
                    .type(FieldType.INTEGER),
            Field.optional("kmsKeyId", "KMS key for writes",
                    "KMS key ID, alias or ARN that encrypts secrets secretref creates (default: the aws/secretsmanager key)"),
            Field.optional("writeTags", "Tags for writes",
                    "Tags (a map of key to value) put on secrets secretref creates").type(FieldType.OBJECT),
            CommonFields.CA_CERTIFICATE,
            CommonFields.CONNECT_TIMEOUT,
            CommonFields.READ_TIMEOUT),
            "secretName[:jsonKey] or arn:aws:secretsmanager:<region>:<account>:secret:<name>[:jsonKey], "
                    + "optionally followed by ?versionStage=LABEL or ?versionId=ID",
            "prod/api-keys:slack_token");

    /** Needed by {@link java.util.ServiceLoader}. */
    public AwsProviderFactory() { }

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
        AwsSettings settings = AwsSettings.from(config);
        AwsWriteSettings writeSettings = AwsWriteSettings.from(config);
        return new AwsSecretProvider(settings, AwsClients.create(settings, config, context, Redactor.of(config.sensitiveValues(), context)),
                writeSettings, context.ticker());
    }
}
