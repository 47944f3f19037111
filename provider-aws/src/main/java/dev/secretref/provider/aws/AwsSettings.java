package dev.secretref.provider.aws;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.provider.support.ProviderHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One manager's AWS settings, with the combinations checked. Holds credentials, so {@link #toString()}
 * shows none of them.
 */
final class AwsSettings {
    static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final int MAX_MAX_ATTEMPTS = 10;
    static final String DEFAULT_ROLE_SESSION_NAME = "secretref";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z0-9-]+:iam::\\d{12}:role/.+");
    private static final Pattern ROLE_SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    final String manager;
    final String region;
    final Optional<String> accessKeyId;
    final Optional<String> secretAccessKey;
    final Optional<String> sessionToken;
    final Optional<URI> endpoint;
    final Optional<String> roleArn;
    final Optional<String> externalId;
    final String roleSessionName;
    final Optional<URI> stsEndpoint;
    final Duration apiCallTimeout;
    final Duration apiCallAttemptTimeout;
    final int maxAttempts;
    final Duration connectTimeout;
    final Duration readTimeout;
    final Optional<String> caCertificate;

    private AwsSettings(ProviderConfig c) {
        manager = c.managerName();
        region = c.require("region").strip();
        accessKeyId = c.get("accessKeyId").map(String::strip);
        secretAccessKey = c.get("secretAccessKey").map(String::strip);
        sessionToken = c.get("sessionToken").map(String::strip);
        endpoint = c.get("endpoint").map(s -> URI.create(s.strip()));
        roleArn = c.get("roleArn").map(String::strip);
        externalId = c.get("externalId");
        roleSessionName = c.get("roleSessionName").map(String::strip).orElse(DEFAULT_ROLE_SESSION_NAME);
        stsEndpoint = c.get("stsEndpoint").map(s -> URI.create(s.strip()));
        apiCallTimeout = c.duration("apiCallTimeout", DEFAULT_API_CALL_TIMEOUT);
        apiCallAttemptTimeout = c.duration("apiCallAttemptTimeout", DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        maxAttempts = c.integer("maxAttempts").map(Long::intValue).orElse(DEFAULT_MAX_ATTEMPTS);
        connectTimeout = c.duration("connectTimeout", ProviderHttp.DEFAULT_CONNECT_TIMEOUT);
        readTimeout = c.duration("readTimeout", ProviderHttp.DEFAULT_READ_TIMEOUT);
        caCertificate = c.get("caCertificate");
    }

    /**
     * Reads and checks {@code config}; every problem is named in one {@code VALIDATION / INVALID_CONFIG} error.
     * Problems never quote a credential.
     */
    static AwsSettings from(ProviderConfig config) {
        AwsSettings s = new AwsSettings(config);
        List<String> problems = new ArrayList<>();
        if (!REGION.matcher(s.region).matches()) {
            problems.add("region must be an AWS region name like eu-west-1 (lower-case letters, digits and '-')");
        }
        if (s.accessKeyId.isPresent() != s.secretAccessKey.isPresent()) {
            problems.add("accessKeyId and secretAccessKey must be set together (or both left out to use the default credential chain)");
        }
        if (s.sessionToken.isPresent() && s.accessKeyId.isEmpty()) {
            problems.add("sessionToken needs accessKeyId and secretAccessKey");
        }
        if (s.roleArn.isPresent() && !ROLE_ARN.matcher(s.roleArn.get()).matches()) {
            problems.add("roleArn must be an IAM role ARN like arn:aws:iam::123456789012:role/name");
        }
        if (s.roleArn.isEmpty()) {
            if (s.externalId.isPresent()) problems.add("externalId needs roleArn");
            if (config.has("roleSessionName")) problems.add("roleSessionName needs roleArn");
        }
        if (!ROLE_SESSION_NAME.matcher(s.roleSessionName).matches()) {
            problems.add("roleSessionName must be 2 to 64 characters of letters, digits and +=,.@_-");
        }
        if (s.maxAttempts < 1 || s.maxAttempts > MAX_MAX_ATTEMPTS) {
            problems.add("maxAttempts must be between 1 and " + MAX_MAX_ATTEMPTS);
        }
        positive("apiCallTimeout", s.apiCallTimeout, problems);
        positive("apiCallAttemptTimeout", s.apiCallAttemptTimeout, problems);
        positive("connectTimeout", s.connectTimeout, problems);
        positive("readTimeout", s.readTimeout, problems);
        if (!problems.isEmpty()) throw config.invalid(problems);
        return s;
    }

    private static void positive(String key, Duration d, List<String> problems) {
        if (d.isZero()) problems.add(key + " must be greater than zero");
    }

    boolean hasStaticKeys() { return accessKeyId.isPresent(); }

    /** How this manager authenticates, without any credential. */
    String authDescription() {
        String base = hasStaticKeys()
                ? (sessionToken.isPresent() ? "static keys with session token" : "static keys")
                : "default credential chain";
        return roleArn.map(r -> base + ", assuming role " + r).orElse(base);
    }

    /** Where Secrets Manager calls go, for messages. */
    String endpointDescription() {
        return endpoint.map(URI::toString).orElse("secretsmanager." + region + " (AWS default endpoint)");
    }

    @Override
    public String toString() {
        return "AwsSettings[manager=" + manager + ", region=" + region + ", auth=" + authDescription()
                + ", endpoint=" + endpointDescription()
                + stsEndpoint.map(u -> ", stsEndpoint=" + u).orElse("")
                + ", apiCallTimeout=" + apiCallTimeout + ", apiCallAttemptTimeout=" + apiCallAttemptTimeout
                + ", maxAttempts=" + maxAttempts + (hasStaticKeys() ? ", accessKeyId=██, secretAccessKey=██" : "")
                + (sessionToken.isPresent() ? ", sessionToken=██" : "") + (externalId.isPresent() ? ", externalId=██" : "")
                + "]";
    }
}
