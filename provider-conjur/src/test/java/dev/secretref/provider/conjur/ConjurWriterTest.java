package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import dev.secretref.testkit.FakeHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Conjur writer's calls against {@link FakeConjur}: {@code POST /secrets/{account}/variable/{id}} with the raw value
 * (https://docs.conjur.org/Latest/en/Content/Developer/Conjur_API_Set_Secret.htm; cyberark/conjur-openapi-spec
 * spec/secrets.yml): 201, 404 for an undeclared variable, 403 without {@code update}, 401 for an expired token.
 */
final class ConjurWriterTest {
    private final FakeConjur fake = Fixtures.fake();
    private SecretProvider provider;

    @AfterEach
    void tearDown() {
        if (provider != null) provider.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    private SecretWriter writer(String prefix) {
        Map<String, Object> config = Fixtures.config(fake.url());
        if (prefix != null) config.put("writePrefix", prefix);
        provider = Fixtures.provider(config, new dev.secretref.testkit.FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
        return provider.writer().orElseThrow();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void eachFieldIsPostedRawToItsEncodedVariable() {
        fake.declare("apps/sr/conn-1/username").declare("apps/sr/conn-1/password");
        SecretWriter w = writer("apps/sr/");

        Map<String, String> paths = w.write("conn-1", fields("username", "app", "password", "p@ss \"wörd\"\n"));

        assertThat(paths).containsExactly(Map.entry("username", "apps/sr/conn-1/username"),
                Map.entry("password", "apps/sr/conn-1/password"));
        List<Request> posts = fake.requests("POST", "/secrets/myorg/variable/");
        assertThat(posts).extracting(Request::path).containsExactly(
                "/secrets/myorg/variable/apps%2Fsr%2Fconn-1%2Fusername", "/secrets/myorg/variable/apps%2Fsr%2Fconn-1%2Fpassword");
        assertThat(posts.get(1).body()).isEqualTo("p@ss \"wörd\"\n");
        assertThat(posts.get(1).header("Authorization")).startsWith("Token token=\"");
        assertThat(provider.fetch("apps/sr/conn-1/password")).isEqualTo("p@ss \"wörd\"\n");
    }

    @Test
    void anUndeclaredVariableIsNotFoundSayingToDeclareItInPolicy() {
        SecretWriter w = writer("apps/sr/");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-2", fields("token", "canary-undeclared")));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo("apps/sr/conn-2/token");
        assertThat(e.getMessage()).contains("not declared", "policy", "- !variable apps/sr/conn-2/token")
                .doesNotContain("canary-undeclared");
    }

    @Test
    void withoutUpdateTheWriteIsDeniedNamingThePrivilege() {
        fake.declare("apps/sr/conn-3/token").withoutUpdate("apps/sr/conn-3/token");
        SecretWriter w = writer("apps/sr/");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-3", fields("token", "v")));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'update' privilege");
    }

    @Test
    void anExpiredTokenIsRenewedOnceForAWrite() {
        fake.declare("apps/sr/conn-4/token");
        SecretWriter w = writer("apps/sr/");
        w.write("conn-4", fields("token", "one"));
        fake.expireTokens();
        w.write("conn-4", fields("token", "two"));
        assertThat(fake.tokensIssued()).isEqualTo(2);
        assertThat(fake.count("POST", "/secrets/")).isEqualTo(3);
        assertThat(provider.fetch("apps/sr/conn-4/token")).isEqualTo("two");
    }

    @Test
    void anInvalidWritePrefixIsNamedWithItsRuleButNotQuoted() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> writer("/apps P4SS?"));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writePrefix must be a Conjur variable id prefix").doesNotContain("P4SS");
    }

    @Test
    void withoutWritePrefixTheManagerRefusesToWriteBeforeAnyCall() {
        SecretWriter w = writer(null);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-5", fields("t", "v")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("writePrefix");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void emptyValuesAndDeletesAreRefusedBeforeAnyCall() {
        SecretWriter w = writer("apps/sr/");
        SecretManagerException empty = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-6", fields("t", "")));
        assertThat(empty.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(empty.getMessage()).contains("empty");
        SecretManagerException delete = catchThrowableOfType(SecretManagerException.class, () -> w.delete("conn-6"));
        assertThat(delete.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(delete.getMessage()).contains("policy");
        assertThat(fake.requests()).isEmpty();
    }
}
