package dev.secretref.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * An in-process AWS Secrets Manager client for the AWS caching client ({@code SecretCache}), so its
 * cache can be measured without a network. {@code SecretCache} asks {@code DescribeSecret} for the
 * version staged {@code AWSCURRENT}, then {@code GetSecretValue} for that version id; on a warm hit
 * (before its TTL, default 1 h) it calls neither. {@link #calls()} proves that.
 */
final class StubSecretsManagerClient implements SecretsManagerClient {
    static final String VERSION_ID = "00000000-0000-0000-0000-000000000001";

    private final Map<String, String> secrets;
    private final AtomicInteger describeCalls = new AtomicInteger();
    private final AtomicInteger getCalls = new AtomicInteger();

    StubSecretsManagerClient(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        describeCalls.incrementAndGet();
        if (!secrets.containsKey(request.secretId())) throw notFound();
        return DescribeSecretResponse.builder()
                .name(request.secretId())
                .versionIdsToStages(Map.of(VERSION_ID, List.of("AWSCURRENT")))
                .build();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        getCalls.incrementAndGet();
        String value = secrets.get(request.secretId());
        if (value == null) throw notFound();
        return GetSecretValueResponse.builder()
                .name(request.secretId())
                .versionId(VERSION_ID)
                .versionStages("AWSCURRENT")
                .secretString(value)
                .build();
    }

    private static ResourceNotFoundException notFound() {
        return (ResourceNotFoundException) ResourceNotFoundException.builder()
                .message("Secrets Manager can't find the specified secret.").build();
    }

    /** DescribeSecret plus GetSecretValue calls made so far. */
    int calls() {
        return describeCalls.get() + getCalls.get();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public String toString() {
        return "StubSecretsManagerClient[" + secrets.size() + " secrets]";
    }
}
