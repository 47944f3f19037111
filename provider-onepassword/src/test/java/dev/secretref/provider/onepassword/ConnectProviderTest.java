package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connect mode against {@link FakeConnect} (testkit's FakeHttpServer) serving the 1Password Connect Server API shapes, per
 * https://developer.1password.com/docs/connect/api-reference/ (spec 1.8.1): bearer token, vault listing
 * filtered by {@code name eq "..."}, item listing filtered by {@code title eq "..."}, FullItem with
 * {@code fields[]}/{@code sections[]}, {@code GET /heartbeat}, and {@code {"status", "message"}} errors.
 */
final class ConnectProviderTest {
    private FakeConnect connect;
    private FakeHttpServer server;
    private final List<SecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        connect = new FakeConnect();
        server = connect.server();
        connect.field("Prod", "db", null, "password", "s3cr3t-db");
        connect.field("Prod", "db", null, "username", "app");
        connect.field("Prod", "db", null, "empty", null);
        connect.field("My Vault", "Api Keys", "prod creds", "secret key", "sk_live_123");
        connect.field("My Vault", "Api Keys", "test creds", "secret key", "sk_test_456");
        connect.field("Prod", "ci/cd", null, "token", "ci-token");
    }

    @AfterEach
    void stop() {
        providers.forEach(SecretProvider::close);
        connect.close();
    }

    private SecretProvider provider(Map<String, Object> extra) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("connectHost", connect.url());
        cfg.put("connectToken", FakeConnect.TOKEN);
        cfg.putAll(extra);
        SecretProvider p = FakeOp.create(cfg);
        providers.add(p);
        return p;
    }

    private SecretProvider provider() { return provider(Map.of()); }

    /** The requests to exactly {@code path} (no query) whose {@code filter} parameter is {@code filter} (null: any). */
    private long requests(String path, String filter) {
        return server.requests("GET", Pattern.quote(path)).stream()
                .filter(r -> filter == null || filter.equals(r.queryParam("filter"))).count();
    }

    private String itemPath(String vault, String item) {
        return "/v1/vaults/" + connect.vault(vault).get("id").asText() + "/items/" + connect.item(vault, item).get("id").asText();
    }

    @Test
    void namesAreLookedUpOnceThenEachFetchCostsOneItemRequest() {
        SecretProvider p = provider();
        assertThat(p.fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        assertThat(p.fetch("op://Prod/db/username")).isEqualTo("app");
        assertThat(requests("/v1/vaults", "name eq \"Prod\"")).isEqualTo(1);
        assertThat(requests("/v1/vaults/" + connect.vaultId("Prod") + "/items", "title eq \"db\"")).isEqualTo(1);
        assertThat(requests(itemPath("Prod", "db"), null)).isEqualTo(2);
        assertThat(server.requests()).hasSize(4).extracting(r -> r.header("Authorization")).containsOnly("Bearer " + FakeConnect.TOKEN);
    }

    @Test
    void severalFieldsOfOneItemCostOneItemFetch() {
        Set<String> paths = new LinkedHashSet<>(List.of("op://Prod/db/password", "op://Prod/db/username", "op://Prod/db/empty",
                "op://My Vault/Api Keys/prod creds/secret key", "op://My Vault/Api Keys/test creds/secret key", "op://Prod/db/nope"));
        Map<String, FetchResult> got = provider().fetchAll(paths);
        assertThat(got.get("op://Prod/db/password").valueOrThrow()).isEqualTo("s3cr3t-db");
        assertThat(got.get("op://Prod/db/username").valueOrThrow()).isEqualTo("app");
        assertThat(got.get("op://Prod/db/empty").valueOrThrow()).isEmpty();
        assertThat(got.get("op://My Vault/Api Keys/prod creds/secret key").valueOrThrow()).isEqualTo("sk_live_123");
        assertThat(got.get("op://My Vault/Api Keys/test creds/secret key").valueOrThrow()).isEqualTo("sk_test_456");
        assertThat(got.get("op://Prod/db/nope").error().reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(requests(itemPath("Prod", "db"), null)).isEqualTo(1);
        assertThat(requests(itemPath("My Vault", "Api Keys"), null)).isEqualTo(1);
    }

    @Test
    void idsWorkWithoutAnyLookup() {
        String vaultId = connect.vaultId("My Vault");
        var item = connect.item("My Vault", "Api Keys");
        String sectionId = item.get("sections").get(0).get("id").asText();
        String fieldId = item.get("fields").get(0).get("id").asText();
        SecretProvider p = provider();
        assertThat(p.fetch("op://" + vaultId + "/" + item.get("id").asText() + "/" + sectionId + "/" + fieldId)).isEqualTo("sk_live_123");
        assertThat(p.fetch("op://" + vaultId + "/" + item.get("id").asText() + "/test creds/secret key")).isEqualTo("sk_test_456");
        assertThat(requests("/v1/vaults", null)).isZero();
    }

    @Test
    void aQuotedNameMayHoldASlash() {
        assertThat(provider().fetch("op://Prod/\"ci/cd\"/token")).isEqualTo("ci-token");
    }

    @Test
    void attributesGiveTheOneTimePasswordAndTheType() {
        connect.field("Prod", "otp", null, "one-time password", "otpauth://totp/x?secret=ABC").put("type", "OTP").put("totp", "654321");
        SecretProvider p = provider();
        assertThat(p.fetch("op://Prod/otp/one-time password?attribute=otp")).isEqualTo("654321");
        assertThat(p.fetch("op://Prod/otp/one-time password?attribute=type")).isEqualTo("otp");
        assertThat(p.fetch("op://Prod/db/password?attribute=value")).isEqualTo("s3cr3t-db");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password?attribute=otp"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).doesNotContain("s3cr3t-db");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "op://Nowhere/db/password                | Vault 'Nowhere' not found",
        "op://Prod/missing/password              | Item 'missing' not found in vault 'Prod'",
        "op://Prod/db/missing                    | Field 'missing' not found in item 'db'",
        "op://My Vault/Api Keys/nope/secret key  | Section 'nope' not found in item 'Api Keys'",
        "op://prod/db/password                   | Vault 'prod' not found",
    })
    void aMissingPartIsNotFoundNamingThePart(String path, String expected) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch(path));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).contains(expected).doesNotContain(FakeConnect.TOKEN);
    }

    @Test
    void aStaleItemIdIsLookedUpAgainOnce() {
        SecretProvider p = provider();
        assertThat(p.fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        // the item is re-created under a new id: the remembered id now answers 404
        String oldPath = itemPath("Prod", "db");
        connect.item("Prod", "db").put("id", connect.newId("idb"));
        assertThat(p.fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        assertThat(requests(oldPath, null)).as("the remembered id was tried once").isEqualTo(2);
        assertThat(requests("/v1/vaults/" + connect.vaultId("Prod") + "/items", "title eq \"db\"")).isEqualTo(2);
    }

    @Test
    void aRejectedTokenFailsTheConnection() {
        SecretProvider p = provider(Map.of("connectToken", "not-the-token"));
        SecretManagerException fetch = catchThrowableOfType(SecretManagerException.class, () -> p.fetch("op://Prod/db/password"));
        SecretManagerException check = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
        for (SecretManagerException e : List.of(fetch, check)) {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("connectToken").contains("Invalid token signature").doesNotContain("not-the-token");
        }
    }

    @Test
    void aForbiddenVaultIsAccessDenied() {
        String vid = connect.vaultId("Prod");
        server.route("GET", Pattern.quote(itemPath("Prod", "db")), r -> FakeConnect.error(403, "Unauthorized access"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("op://" + vid + "/db/password"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.path()).isEqualTo("op://" + vid + "/db/password");
    }

    @Test
    void rateLimitingIsThrottledAfterBoundedRetries() {
        server.route("GET", Pattern.quote(itemPath("Prod", "db")),
                r -> FakeConnect.error(429, "Too many requests").withHeader("Retry-After", "0"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("op://Prod/db/password"));
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(requests(itemPath("Prod", "db"), null)).isEqualTo(3);
    }

    @Test
    void aHungServerIsATimeout() {
        server.stall();   // answers are held until close: the read timeout must fire
        String vid = connect.vaultId("Prod");
        String iid = connect.item("Prod", "db").get("id").asText();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> provider(Map.of("readTimeout", "300ms")).fetch("op://" + vid + "/" + iid + "/password"));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.code()).as("no answer in time: not reachable (DESIGN §4, same as Vault and Conjur)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
    }

    @Test
    void checkConnectionAsksHeartbeatAndOneVaultListing() {
        provider().checkConnection();
        assertThat(requests("/heartbeat", null)).isEqualTo(1);
        assertThat(requests("/v1/vaults", null)).isEqualTo(1);
    }

    @Test
    void listGivesTheItemTitlesOfAVault() {
        SecretProvider p = provider();
        List<SecretInfo> items = p.list("Prod");
        assertThat(items).extracting(SecretInfo::path).containsExactly("op://Prod/\"ci/cd\"", "op://Prod/db");
        assertThat(p.list("op://Prod/d")).extracting(SecretInfo::path).containsExactly("op://Prod/db");
        assertThat(items.toString()).doesNotContain("s3cr3t-db");
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(provider().toString()).doesNotContain(FakeConnect.TOKEN).contains("██");
    }
}
