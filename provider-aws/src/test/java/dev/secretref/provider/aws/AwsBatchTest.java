package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fetchAll through BatchGetSecretValue: at most 20 ids per call, one id per secret, per-id errors,
 * and the fall-back to GetSecretValue when the batch API is denied. Shapes: see {@link FakeAws} and
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
 */
final class AwsBatchTest {
    private final FakeAws fake = new FakeAws();
    private final SecretProvider provider = fake.provider();

    @AfterEach
    void tearDown() {
        provider.close();
        fake.close();
    }

    @Test
    void fortyFiveSecretsCostThreeBatchCallsOfAtMostTwenty() {
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; i < 45; i++) {
            fake.put("app/s" + i, "{\"k\":\"v" + i + "\"}");
            paths.add("app/s" + i + ":k");
        }
        Map<String, FetchResult> got = provider.fetchAll(paths);
        for (int i = 0; i < 45; i++) assertThat(got.get("app/s" + i + ":k").valueOrThrow()).isEqualTo("v" + i);
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(3);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(0);
        assertThat(fake.requests("BatchGetSecretValue")).extracting(b -> b.path("SecretIdList").size())
                .containsExactlyInAnyOrder(20, 20, 5);
    }

    @Test
    void hundredReferencesToThirtySecretsCostTwoBatchCalls() {
        Set<String> paths = new LinkedHashSet<>();
        for (int s = 0; s < 30; s++) {
            StringBuilder json = new StringBuilder("{");
            for (int k = 0; k < 4; k++) json.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"s").append(s).append('k').append(k).append('"');
            fake.put("team/secret-" + s, json.append('}').toString());
        }
        for (int i = 0; i < 100; i++) paths.add("team/secret-" + (i % 30) + ":k" + (i / 30));
        assertThat(paths).hasSize(100);
        Map<String, FetchResult> got = provider.fetchAll(paths);
        assertThat(got).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(got.get("team/secret-" + (i % 30) + ":k" + (i / 30)).valueOrThrow()).isEqualTo("s" + (i % 30) + "k" + (i / 30));
        }
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(2);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(0);
        List<String> ids = new ArrayList<>();
        for (JsonNode body : fake.requests("BatchGetSecretValue")) body.path("SecretIdList").forEach(n -> ids.add(n.asText()));
        assertThat(ids).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void severalKeysOfOneSecretAreOneId() {
        fake.put("prod/db", "{\"user\":\"u\",\"password\":\"p\",\"host\":\"h\"}");
        Map<String, FetchResult> got = provider.fetchAll(Set.of("prod/db:user", "prod/db:password", "prod/db:host", "prod/db"));
        assertThat(got.get("prod/db:user").valueOrThrow()).isEqualTo("u");
        assertThat(got.get("prod/db:password").valueOrThrow()).isEqualTo("p");
        assertThat(got.get("prod/db").valueOrThrow()).startsWith("{");
        assertThat(fake.requests("BatchGetSecretValue")).singleElement()
                .satisfies(b -> assertThat(b.path("SecretIdList").size()).isEqualTo(1));
    }

    @Test
    void perIdErrorsBecomePerPathResults() {
        fake.put("ok/one", "{\"k\":\"1\"}").put("locked/one", "{\"k\":\"2\"}").denyPerSecret("locked/one");
        Map<String, FetchResult> got = provider.fetchAll(new LinkedHashSet<>(List.of(
                "ok/one:k", "ok/one:missing", "gone/one:k", "locked/one:k", "bad path:k")));
        assertThat(got.get("ok/one:k").valueOrThrow()).isEqualTo("1");
        assertThat(got.get("ok/one:missing").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("ok/one:missing").error().getMessage()).contains("'missing'");
        assertThat(got.get("gone/one:k").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("gone/one:k").error().path()).isEqualTo("gone/one:k");
        assertThat(got.get("gone/one:k").error().getMessage()).contains("'gone/one'").contains("ResourceNotFoundException");
        assertThat(got.get("locked/one:k").error().reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(got.get("locked/one:k").error().getMessage()).contains("secretsmanager:GetSecretValue").contains("'locked/one'");
        assertThat(got.get("bad path:k").error().code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(0);
    }

    @Test
    void arnsAndNamesMixInOneBatch() {
        fake.put("a/one", "{\"k\":\"A\"}").put("b/two", "{\"k\":\"B\"}");
        Map<String, FetchResult> got = provider.fetchAll(Set.of(FakeAws.arn("a/one") + ":k", "b/two:k"));
        assertThat(got.get(FakeAws.arn("a/one") + ":k").valueOrThrow()).isEqualTo("A");
        assertThat(got.get("b/two:k").valueOrThrow()).isEqualTo("B");
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
    }

    @Test
    void versionedPathsAreReadWithGetSecretValue() {
        fake.put("v/one", "{\"k\":\"new\"}")
                .putVersion("v/one", "AWSPREVIOUS", "11111111-2222-3333-4444-555555555555", "{\"k\":\"old\"}", null);
        Map<String, FetchResult> got = provider.fetchAll(Set.of("v/one:k", "v/one:k?versionStage=AWSPREVIOUS"));
        assertThat(got.get("v/one:k").valueOrThrow()).isEqualTo("new");
        assertThat(got.get("v/one:k?versionStage=AWSPREVIOUS").valueOrThrow()).isEqualTo("old");
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void aDeniedBatchCallFallsBackToGetSecretValueAndIsRemembered() {
        fake.answer("BatchGetSecretValue", awsError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/app is not authorized to perform: secretsmanager:BatchGetSecretValue"));
        for (int i = 0; i < 25; i++) fake.put("fb/s" + i, "{\"k\":\"v" + i + "\"}");
        Set<String> first = new LinkedHashSet<>();
        for (int i = 0; i < 25; i++) first.add("fb/s" + i + ":k");
        first.add("fb/missing:k");
        Map<String, FetchResult> got = provider.fetchAll(first);
        for (int i = 0; i < 25; i++) assertThat(got.get("fb/s" + i + ":k").valueOrThrow()).isEqualTo("v" + i);
        assertThat(got.get("fb/missing:k").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(26);

        Map<String, FetchResult> again = provider.fetchAll(Set.of("fb/s1:k", "fb/s2:k"));
        assertThat(again.get("fb/s2:k").valueOrThrow()).isEqualTo("v2");
        assertThat(fake.calls("BatchGetSecretValue")).isEqualTo(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(28);
        assertThat(provider.toString()).contains("batch=denied");
    }

    @Test
    void aBatchCallThatFailsAsAWholeFailsEachOfItsPaths() {
        fake.answer("BatchGetSecretValue", awsError(500, "InternalServiceError", "An error occurred on the server side."));
        SecretProvider noRetry = FakeAws.provider(withMaxAttempts(1));
        try {
            Map<String, FetchResult> got = noRetry.fetchAll(Set.of("x/a:k", "x/a:j", "x/b"));
            assertThat(got.values()).allSatisfy(r -> assertThat(r.error().reason()).isEqualTo(Reason.UNREACHABLE));
            assertThat(got.get("x/a:j").error().path()).isEqualTo("x/a:j");
            assertThat(got.get("x/b").error().getMessage()).contains("InternalServiceError").contains("HTTP 500");
        } finally {
            noRetry.close();
        }
    }

    private Map<String, Object> withMaxAttempts(int n) {
        Map<String, Object> c = fake.config();
        c.put("maxAttempts", Integer.toString(n));
        return c;
    }
}
