package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.Reason;
import dev.secretref.spi.FetchResult;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.FakeTicker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fetchAll through the batch endpoint GET /secrets?variable_ids=<account>:variable:<id>,... with
 * Accept-Encoding: base64 (https://github.com/cyberark/conjur-openapi-spec/blob/main/spec/secrets.yml, "getSecrets":
 * a JSON map keyed by full resource ids; 404 when any variable is missing; 403 without execute on any of them).
 * Server behaviour per https://github.com/cyberark/conjur/blob/master/app/controllers/secrets_controller.rb
 * (all-or-nothing; Base64.encode64 values, wrapped every 60 characters, with Content-Encoding: base64).
 */
final class ConjurBatchTest {
    private final FakeConjur fake = Fixtures.fake();
    private final ConjurSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    private static Set<String> paths(String... p) {
        return new LinkedHashSet<>(List.of(p));
    }

    private List<Request> batches() {
        return fake.requests().stream().filter(r -> r.path().equals("/secrets")).toList();
    }

    @Test
    void severalVariablesCostOneBatchCallKeyedByFullResourceIds() {
        fake.put("app/a", "A").put("app/b", "B").put("app/c", "C");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/b", "app/c"));

        assertThat(got.keySet()).containsExactly("app/a", "app/b", "app/c");
        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(got.get("app/b").valueOrThrow()).isEqualTo("B");
        assertThat(got.get("app/c").valueOrThrow()).isEqualTo("C");
        assertThat(batches()).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("variable_ids=myorg%3Avariable%3Aapp%2Fa,myorg%3Avariable%3Aapp%2Fb,myorg%3Avariable%3Aapp%2Fc");
            assertThat(r.header("Accept-Encoding")).isEqualTo("base64");
        });
        assertThat(fake.count("GET", "/secrets/")).isZero();
    }

    @Test
    void largeMultiLineAndUnicodeValuesSurviveTheBase64Batch() {
        String big = bigUnicode();
        fake.put("app/big", big).put("app/pem", "-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n").put("app/zero", "0");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/big", "app/pem", "app/zero"));

        assertThat(got.get("app/big").valueOrThrow()).isEqualTo(big);
        assertThat(got.get("app/pem").valueOrThrow()).isEqualTo("-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n");
        assertThat(got.get("app/zero").valueOrThrow()).isEqualTo("0");
        assertThat(batches()).hasSize(1);
    }

    @Test
    void plainJsonBatchIsReadWhenTheServerDoesNotEncode() {
        fake.base64Batch(false);
        fake.put("app/a", "A \"quoted\"").put("app/b", "B\nline");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/b"));

        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A \"quoted\"");
        assertThat(got.get("app/b").valueOrThrow()).isEqualTo("B\nline");
    }

    @Test
    void aMissingVariableFailsTheBatchSoEachPathIsReadAloneToNameIt() {
        fake.put("app/a", "A").put("app/b", "B");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/missing", "app/b"));

        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(got.get("app/b").valueOrThrow()).isEqualTo("B");
        assertThat(got.get("app/missing").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(got.get("app/missing").error().path()).isEqualTo("app/missing");
        assertThat(batches()).hasSize(1);
        assertThat(fake.count("GET", "/secrets/")).isEqualTo(3);
    }

    @Test
    void aForbiddenVariableFailsTheBatchSoOnlyThatPathIsAccessDenied() {
        fake.put("app/a", "A").put("app/locked", "L").withoutExecute("app/locked");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/locked"));

        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(got.get("app/locked").error().reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(batches()).hasSize(1);
    }

    @Test
    void versionedPathsAreReadAloneAndTheRestInABatch() {
        fake.put("app/a", "A").put("app/b", "B").put("app/key", "k1").put("app/key", "k2");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/key?version=1", "app/b", "app/key"));

        assertThat(got.get("app/key?version=1").valueOrThrow()).isEqualTo("k1");
        assertThat(got.get("app/key").valueOrThrow()).isEqualTo("k2");
        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(batches()).singleElement().satisfies(r -> assertThat(r.query()).doesNotContain("version"));
        assertThat(fake.requests("GET", "/secrets/")).singleElement().satisfies(r -> assertThat(r.query()).isEqualTo("version=1"));
    }

    @Test
    void aSinglePathSkipsTheBatchEndpoint() {
        fake.put("app/a", "A");

        assertThat(provider.fetchAll(paths("app/a")).get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(batches()).isEmpty();
    }

    @Test
    void manyVariablesAreSplitSoEveryBatchUrlStaysUnderEightKilobytes() {
        Set<String> asked = new LinkedHashSet<>();
        for (int i = 0; i < 400; i++) {
            String id = "applications/payments/eu-west/services/ledger-writer/credentials/" + i;
            fake.put(id, "value-" + i);
            asked.add(id);
        }

        Map<String, FetchResult> got = provider.fetchAll(asked);

        for (int i = 0; i < 400; i++) {
            assertThat(got.get("applications/payments/eu-west/services/ledger-writer/credentials/" + i).valueOrThrow()).isEqualTo("value-" + i);
        }
        List<Request> batches = batches();
        assertThat(batches).hasSizeGreaterThan(4);
        for (Request r : batches) {
            String url = fake.url() + r.path() + "?" + r.query();
            assertThat(url.length()).isLessThanOrEqualTo(8000);
        }
        assertThat(fake.count("GET", "/secrets/")).isZero();
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
    }

    @Test
    void aSmallerUrlLimitMakesMoreBatches() {
        fake.put("app/a", "A").put("app/b", "B").put("app/c", "C").put("app/d", "D");
        int limit = new ConjurUrls(fake.url(), Fixtures.ACCOUNT).batchPrefix().length() + 2 * "myorg%3Avariable%3Aapp%2Fa".length() + 1;
        ConjurSecretProvider p = Fixtures.provider(Fixtures.config(fake.url()), new FakeTicker(), limit);

        Map<String, FetchResult> got = p.fetchAll(paths("app/a", "app/b", "app/c", "app/d"));

        assertThat(got.values()).allMatch(FetchResult::isValue);
        assertThat(batches()).hasSize(2);
    }

    @Test
    void anUnavailableServerFailsEveryPathOfTheBatchWithoutAStormOfSingleReads() {
        fake.put("app/a", "A").put("app/b", "B");
        fake.batch().failNext(3, Response.empty(503));

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/b"));

        assertThat(got.values()).allSatisfy(r -> assertThat(r.error().reason()).isEqualTo(Reason.UNREACHABLE));
        assertThat(got.get("app/b").error().path()).isEqualTo("app/b");
        assertThat(batches()).hasSize(3);
        assertThat(fake.count("GET", "/secrets/")).isZero();
    }

    @Test
    void anExpiredTokenDuringABatchIsRenewedOnce() {
        fake.put("app/a", "A").put("app/b", "B");
        provider.fetch("app/a");
        fake.expireTokens();

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "app/b"));

        assertThat(got.values()).allMatch(FetchResult::isValue);
        assertThat(fake.count("POST", "/authn/")).isEqualTo(2);
        assertThat(batches()).hasSize(2);
    }

    @Test
    void malformedPathsGetTheirOwnErrorAndDoNotSpoilTheBatch() {
        fake.put("app/a", "A").put("app/b", "B");

        Map<String, FetchResult> got = provider.fetchAll(paths("app/a", "/bad", "app/b"));

        assertThat(got.get("/bad").error().reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(got.get("app/a").valueOrThrow()).isEqualTo("A");
        assertThat(batches()).hasSize(1);
    }

    @Test
    void aRejectedApiKeyFailsEveryPathWithASingleAuthenticationAttempt() {
        fake.put("app/a", "A").put("app/b", "B").put("app/c", "C");
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", "not-the-key");
        ConjurSecretProvider wrong = Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);

        Map<String, FetchResult> got = wrong.fetchAll(paths("app/a", "app/b", "app/c?version=1", "app/a?version=1"));

        assertThat(got).hasSize(4);
        assertThat(got.values()).allSatisfy(r -> assertThat(r.error().reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
        assertThat(got.get("app/c?version=1").error().path()).isEqualTo("app/c?version=1");
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
        assertThat(fake.count("GET", "/secrets")).isZero();
    }

    /** 64 KiB mixing ASCII, accents, CJK, emoji, quotes, backslashes, tabs and newlines. */
    private static String bigUnicode() {
        String unit = "Grüße, 世界! 🔐 \"quoted\" \\ back\\slash\ttab\nline ";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 64 * 1024) sb.append(unit);
        return sb.toString();
    }
}
