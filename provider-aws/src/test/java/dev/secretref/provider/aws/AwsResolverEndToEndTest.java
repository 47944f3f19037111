package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ConnectionStatus;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Through the public API: the provider is found by its id and batches the resolver's references. */
final class AwsResolverEndToEndTest {
    private final FakeAws fake = new FakeAws();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void theDocumentedReferenceResolvesThroughTheProviderId() {
        fake.put("prod/api-keys", "{\"slack_token\":\"xoxb-test-token\",\"port\":8443}");
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", fake.config()).build()) {
            assertThat(resolver.resolveString("{{aws|ap_sep_v1|prod/api-keys:slack_token}}")).isEqualTo("xoxb-test-token");
            assertThat(resolver.resolveString("https://host:{{prod-aws|ap_sep_v1|prod/api-keys:port}}/x"))
                    .isEqualTo("https://host:8443/x");
            ConnectionStatus status = resolver.testConnection("prod-aws");
            assertThat(status.connected()).isTrue();
        }
    }

    @Test
    void hundredReferencesToThirtySecretsCostTwoBatchCalls() {
        Map<String, Object> config = new LinkedHashMap<>();
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            fake.put("svc/s" + s, "{\"a\":\"A" + s + "\",\"b\":\"B" + s + "\",\"c\":\"C" + s + "\",\"d\":\"D" + s + "\"}");
        }
        for (int i = 0; i < 100; i++) {
            String key = String.valueOf((char) ('a' + i / 30));
            config.put("field" + i, "{{prod-aws|ap_sep_v1|svc/s" + (i % 30) + ":" + key + "}}");
            expected.add(key.toUpperCase() + (i % 30));
        }
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", fake.config()).build()) {
            Map<String, Object> resolved = resolver.resolve(config);
            for (int i = 0; i < 100; i++) assertThat(resolved.get("field" + i)).isEqualTo(expected.get(i));
        }
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(2);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(0);
    }

    @Test
    void aMissingKeyFailsWithNotFoundAndTheManagerName() {
        fake.put("prod/db", "{\"password\":\"hunter2-value\"}");
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", fake.config()).build()) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:passwrd}}"));
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(e.manager()).isEqualTo("prod-aws");
            assertThat(e.provider()).isEqualTo("aws");
            assertThat(e.getMessage()).contains("passwrd").doesNotContain("hunter2-value");
        }
    }
}
