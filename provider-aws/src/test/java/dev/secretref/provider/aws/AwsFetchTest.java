package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single reads: every path form, JSON typing, versions, binary secrets. Shapes: see {@link FakeAws}. */
final class AwsFetchTest {
    private static final String DB_JSON = "{\"username\":\"app\",\"password\":\"pa:ss\\\"w\\u00f6rd\",\"port\":5432,"
            + "\"ratio\":1.50,\"big\":12345678901234567890123,\"exp\":1e3,\"enabled\":true,\"off\":false,\"nothing\":null,"
            + "\"empty\":\"\",\"nested\":{\"a\": [1, {\"b\":\"c\"}], \"d\":\"}\"},\"list\":[ \"x\", 2 ],"
            + "\"with:colon\":\"colon-value\",\"dup\":\"first\",\"dup\":\"second\"}";

    private final FakeAws fake = new FakeAws();
    private final SecretProvider provider = fake.put("prod/db", DB_JSON).provider();

    @AfterEach
    void tearDown() {
        provider.close();
        fake.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "username   | app",
            "password   | pa:ss\"wörd",
            "port       | 5432",
            "ratio      | 1.50",
            "big        | 12345678901234567890123",
            "exp        | 1e3",
            "enabled    | true",
            "off        | false",
            "nothing    | null",
            "nested     | {\"a\": [1, {\"b\":\"c\"}], \"d\":\"}\"}",
            "list       | [ \"x\", 2 ]",
            "with:colon | colon-value",
            "dup        | second",
    })
    void aKeyComesBackAsTextOrAsItsJsonText(String key, String expected) {
        assertThat(provider.fetch("prod/db:" + key)).isEqualTo(expected);
    }

    @Test
    void anEmptyStringUnderAKeyIsAValue() {
        assertThat(provider.fetch("prod/db:empty")).isEmpty();
    }

    @Test
    void withoutAKeyTheWholeSecretStringIsTheValue() {
        fake.put("plain/text", "just a token: not JSON {");
        assertThat(provider.fetch("prod/db")).isEqualTo(DB_JSON);
        assertThat(provider.fetch("plain/text")).isEqualTo("just a token: not JSON {");
    }

    @Test
    void aFullArnWithAndWithoutAKeyIsSentAsTheSecretId() {
        String arn = FakeAws.arn("prod/db");
        assertThat(provider.fetch(arn + ":username")).isEqualTo("app");
        assertThat(provider.fetch(arn)).isEqualTo(DB_JSON);
        assertThat(fake.requests("GetSecretValue")).extracting(b -> b.path("SecretId").asText()).containsExactly(arn, arn);
    }

    @Test
    void aNamePathSendsTheNameAndNoVersion() {
        provider.fetch("prod/db:username");
        JsonNode body = fake.requests("GetSecretValue").get(0);
        assertThat(body.path("SecretId").asText()).isEqualTo("prod/db");
        assertThat(body.has("VersionStage")).isFalse();
        assertThat(body.has("VersionId")).isFalse();
    }

    @Test
    void versionStageAndVersionIdSuffixesSelectTheVersion() {
        fake.putVersion("prod/db", "AWSPREVIOUS", "11111111-2222-3333-4444-555555555555", "{\"password\":\"old\"}", null);
        fake.putVersion("prod/db", "AWSCURRENT", "99999999-2222-3333-4444-555555555555", "{\"password\":\"new\"}", null);
        assertThat(provider.fetch("prod/db:password")).isEqualTo("new");
        assertThat(provider.fetch("prod/db:password?versionStage=AWSPREVIOUS")).isEqualTo("old");
        assertThat(provider.fetch("prod/db:password?versionId=11111111-2222-3333-4444-555555555555")).isEqualTo("old");
        List<JsonNode> bodies = fake.requests("GetSecretValue");
        assertThat(bodies.get(1).path("VersionStage").asText()).isEqualTo("AWSPREVIOUS");
        assertThat(bodies.get(2).path("VersionId").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
    }

    @Test
    void anUnknownVersionIsNotFound() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> provider.fetch("prod/db:password?versionStage=NOPE"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("'prod/db' (versionStage NOPE)").contains("eu-west-1");
    }

    @Test
    void aMissingKeyIsNotFoundNamingTheKeyButNoContent() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("prod/db:passwd"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo("prod/db:passwd");
        assertThat(e.getMessage()).contains("'passwd'").contains("'prod/db'")
                .doesNotContain("app").doesNotContain("pa:ss").doesNotContain("5432");
    }

    @Test
    void aKeyOfASecretThatIsNotJsonNeverQuotesTheSecretText() {
        fake.put("plain/token", "s3cr3t-Tok3n{not json");
        fake.put("json/array", "[\"s3cr3t-Tok3n\"]");
        fake.put("json/trailing", "{\"a\":\"s3cr3t-Tok3n\"} trailing");
        for (String path : List.of("plain/token:a", "json/array:a", "json/trailing:a")) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch(path));
            assertThat(e.reason()).as(path).isEqualTo(Reason.NOT_FOUND);
            assertThat(e.getMessage()).as(path).contains("not a JSON object").doesNotContain("s3cr3t");
            assertThat(e.getCause()).as(path).isNull();
        }
    }

    @Test
    void aBinarySecretComesBackAsBase64AndHasNoKeys() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'k', 'e', 'y'};
        fake.putBinary("certs/keystore", bytes);
        assertThat(Base64.getDecoder().decode(provider.fetch("certs/keystore"))).isEqualTo(bytes);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch("certs/keystore:a"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("binary").contains("base64");
    }

    @Test
    void largeUnicodeSecretsRoundTrip() {
        String big = "Grüße 世界 🔐 ".repeat(3000);
        fake.put("big/unicode", "{\"k\":\"" + big + "\"}");
        assertThat(provider.fetch("big/unicode:k")).isEqualTo(big);
        assertThat(new String(provider.fetch("big/unicode").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("{\"k\":\"" + big + "\"}");
    }

    @Test
    void fetchRejectsAMalformedPathWithoutACall() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.fetch(":password"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).startsWith("Wrong key format. Should be secretName:secretJsonKey");
        assertThat(fake.requestCount()).isZero();
    }
}
