package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Service-account mode against a fake {@code op} (src/test/resources/fake-op/op.py) that prints what op 2
 * prints. CLI behaviour checked against https://developer.1password.com/docs/cli/reference/commands/read,
 * https://developer.1password.com/docs/cli/reference/commands/inject,
 * https://developer.1password.com/docs/cli/secret-reference-syntax,
 * https://developer.1password.com/docs/service-accounts/use-with-1password-cli (op 2.18.0+) and
 * https://developer.1password.com/docs/service-accounts/rate-limits.
 */
final class ServiceAccountProviderTest {
    @TempDir
    Path dir;

    private FakeOp op;
    private final List<SecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void seed() {
        op = new FakeOp(dir);
        op.field("Prod", "db", null, "password", "s3cr3t-db");
        op.field("Prod", "db", null, "username", "app");
        op.field("My Vault", "Api Keys", "prod creds", "secret key", "sk_live_123");
        op.field("My Vault", "Api Keys", "test creds", "secret key", "sk_test_456");
        op.field("Finance", "ledger", null, "password", "ledger-pw");
        op.deny("Finance");
    }

    @AfterEach
    void close() {
        providers.forEach(SecretProvider::close);
    }

    private SecretProvider provider() {
        return provider(Map.of());
    }

    private SecretProvider provider(Map<String, Object> extra) {
        SecretProvider p = op.provider(extra);
        providers.add(p);
        return p;
    }

    @Test
    void fetchRunsOneOpReadWithoutNewline() {
        assertThat(provider().fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        List<JsonNode> calls = op.calls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("argv").toString()).isEqualTo("[\"read\",\"--no-newline\",\"op://Prod/db/password\"]");
    }

    @Test
    void tokenReachesTheChildOnlyThroughItsEnvironment() {
        SecretProvider p = provider();
        p.fetch("op://Prod/db/password");
        p.fetchAll(Set.of("op://Prod/db/password", "op://Prod/db/username"));
        p.checkConnection();
        for (JsonNode call : op.calls()) {
            assertThat(call.get("argv").toString()).doesNotContain(FakeOp.TOKEN);
            List<String> env = new ArrayList<>();
            call.get("env").forEach(n -> env.add(n.asText()));
            assertThat(env).contains("OP_SERVICE_ACCOUNT_TOKEN");
            assertThat(env).filteredOn(n -> n.startsWith("OP_")).containsExactly("OP_SERVICE_ACCOUNT_TOKEN");
        }
        assertThat(op.rawLog()).doesNotContain(FakeOp.TOKEN);
        assertThat(p.toString()).doesNotContain(FakeOp.TOKEN);
    }

    @Test
    void readsAFieldInASectionWithSpacesInEveryName() {
        SecretProvider p = provider();
        assertThat(p.fetch("op://My Vault/Api Keys/prod creds/secret key")).isEqualTo("sk_live_123");
        assertThat(p.fetch("op://My Vault/Api Keys/test creds/secret key")).isEqualTo("sk_test_456");
    }

    @Test
    void readsByIds() {
        String vaultId = op.vault("Prod").get("id").asText();
        String itemId = op.item("Prod", "db").get("id").asText();
        String fieldId = op.item("Prod", "db").get("fields").get(0).get("id").asText();
        assertThat(provider().fetch("op://" + vaultId + "/" + itemId + "/" + fieldId)).isEqualTo("s3cr3t-db");
    }

    @Test
    void tenReferencesCostOneInjectRun() {
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; i < 10; i++) {
            op.field("Prod", "bulk", null, "key" + i, "value-" + i + (i % 2 == 0 ? "\nsecond line ✓" : ""));
            paths.add("op://Prod/bulk/key" + i);
        }
        Map<String, FetchResult> got = provider().fetchAll(paths);
        assertThat(op.commands()).containsExactly("inject");
        for (int i = 0; i < 10; i++) {
            assertThat(got.get("op://Prod/bulk/key" + i).valueOrThrow()).isEqualTo("value-" + i + (i % 2 == 0 ? "\nsecond line ✓" : ""));
        }
    }

    @Test
    void aFailedBatchFallsBackToOneReadPerReferenceAndNamesTheMissingPart() {
        Set<String> paths = new LinkedHashSet<>(List.of("op://Prod/db/password", "op://Prod/nope/password", "op://Prod/db/username"));
        Map<String, FetchResult> got = provider().fetchAll(paths);
        assertThat(op.commands()).containsExactly("inject", "read", "read", "read");
        assertThat(got.get("op://Prod/db/password").valueOrThrow()).isEqualTo("s3cr3t-db");
        assertThat(got.get("op://Prod/db/username").valueOrThrow()).isEqualTo("app");
        SecretManagerException e = got.get("op://Prod/nope/password").error();
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo("op://Prod/nope/password");
        assertThat(e.getMessage()).contains("Item 'nope' not found in vault 'Prod'");
    }

    @Test
    void attributeReferencesAreReadOneByOneBesideTheBatch() {
        op.field("Prod", "db", null, "one-time password", "otpauth://totp/x?secret=ABC").put("type", "OTP").put("totp", "123456");
        Set<String> paths = new LinkedHashSet<>(List.of("op://Prod/db/password", "op://Prod/db/username",
                "op://Prod/db/one-time password?attribute=otp", "op://Prod/db/password?attribute=type"));
        Map<String, FetchResult> got = provider().fetchAll(paths);
        assertThat(op.commands()).containsExactly("inject", "read", "read");
        assertThat(got.get("op://Prod/db/one-time password?attribute=otp").valueOrThrow()).isEqualTo("123456");
        assertThat(got.get("op://Prod/db/password?attribute=type").valueOrThrow()).isEqualTo("concealed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "op://Nowhere/db/password          | Vault 'Nowhere' not found",
        "op://Prod/missing/password        | Item 'missing' not found in vault 'Prod'",
        "op://Prod/db/missing              | Field 'missing' not found in item 'db'",
        "op://My Vault/Api Keys/nope/secret key | Section 'nope' not found in item 'Api Keys'",
    })
    void aMissingPartIsNotFoundNamingThePart(String path, String expected) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch(path));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).contains(expected).doesNotContain("[ERROR]").doesNotContain(FakeOp.TOKEN);
    }

    @Test
    void aVaultTheServiceAccountMayNotReadIsAccessDenied() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("op://Finance/ledger/password"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("read_items").doesNotContain("ledger-pw");
    }

    @Test
    void rateLimitIsThrottledForTheWholeBatchWithoutPerReferenceRetries() {
        op.mode("rate_limited");
        SecretProvider p = provider();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password"));
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(e.getMessage()).contains("1,000").contains("Too Many Requests");
        Map<String, FetchResult> got = p.fetchAll(Set.of("op://Prod/db/password", "op://Prod/db/username"));
        assertThat(got.values()).allSatisfy(r -> assertThat(r.error().reason()).isEqualTo(Reason.THROTTLED));
        assertThat(op.commands()).containsExactly("read", "inject");
    }

    @Test
    void aWrongTokenFailsTheConnectionWithoutShowingIt() {
        String wrong = "ops_wrongTokenThatIsNotTheFakeOne1234";
        SecretProvider p = provider(Map.of("serviceAccountToken", wrong));
        SecretManagerException fetch = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password"));
        SecretManagerException check = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
        for (SecretManagerException e : List.of(fetch, check)) {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("serviceAccountToken").doesNotContain(wrong).doesNotContain(FakeOp.TOKEN);
        }
    }

    @Test
    void opMissingFromThePathSaysHowToInstallIt() {
        SecretProvider p = provider(Map.of("opPath", dir.resolve("no-such-op").toString()));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("install the 1Password CLI").contains("2.18.0");
        SecretManagerException f = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password"));
        assertThat(f.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(f.path()).isEqualTo("op://Prod/db/password");
    }

    @Test
    void aHungOpIsKilledAtTheTimeoutWithItsChildren() throws Exception {
        op.mode("hang");
        SecretProvider p = provider(Map.of("timeout", "500ms"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password"));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("timeout");
        String[] pids = Files.readString(op.hungPids()).trim().split(" ");
        for (String pid : pids) {
            assertThat(Processes.awaitGone(Long.parseLong(pid))).as("process %s is gone", pid).isTrue();
        }
    }

    @Test
    void checkConnectionRunsWhoami() {
        provider().checkConnection();
        assertThat(op.calls().get(0).get("argv").toString()).isEqualTo("[\"whoami\"]");
    }

    @Test
    void listGivesTheItemTitlesOfAVaultAndNoValues() {
        op.field("Prod", "api", null, "token", "tok-1");
        SecretProvider p = provider();
        List<SecretInfo> all = p.list("Prod");
        assertThat(all).extracting(SecretInfo::path).containsExactly("op://Prod/api", "op://Prod/db");
        assertThat(p.list("op://Prod/a")).extracting(SecretInfo::path).containsExactly("op://Prod/api");
        assertThat(all.toString()).doesNotContain("s3cr3t-db").doesNotContain("tok-1");
        assertThat(op.calls().get(0).get("argv").toString()).isEqualTo("[\"item\",\"list\",\"--vault\",\"Prod\",\"--format\",\"json\"]");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.list("Nowhere"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void aQuotedNameHoldingASlashIsRejectedBecauseOpCannotAddressIt() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> provider().validatePath("op://Prod/\"ci/cd\"/token"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("id");
        assertThat(op.calls()).isEmpty();
    }
}
