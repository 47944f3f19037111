package dev.secretref.provider.onepassword;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connect mode against WireMock serving the 1Password Connect Server API shapes, per
 * https://developer.1password.com/docs/connect/api-reference/ (spec 1.8.1): bearer token, vault listing
 * filtered by {@code name eq "..."}, item listing filtered by {@code title eq "..."}, FullItem with
 * {@code fields[]}/{@code sections[]}, {@code GET /heartbeat}, and {@code {"status", "message"}} errors.
 */
final class ConnectProviderTest {
    private WireMockServer server;
    private FakeConnect connect;
    private final List<SecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        connect = new FakeConnect(server);
        connect.field("Prod", "db", null, "password", "s3cr3t-db");
        connect.field("Prod", "db", null, "username", "app");
        connect.field("Prod", "db", null, "empty", null);
        connect.field("My Vault", "Api Keys", "prod creds", "secret key", "sk_live_123");
        connect.field("My Vault", "Api Keys", "test creds", "secret key", "sk_test_456");
        connect.field("Prod", "ci/cd", null, "token", "ci-token");
        connect.publish();
    }

    @AfterEach
    void stop() {
        providers.forEach(SecretProvider::close);
        server.stop();
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

    private String itemPath(String vault, String item) {
        return "/v1/vaults/" + connect.vault(vault).get("id").asText() + "/items/" + connect.item(vault, item).get("id").asText();
    }

    @Test
    void namesAreLookedUpOnceThenEachFetchCostsOneItemRequest() {
        SecretProvider p = provider();
        assertThat(p.fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        assertThat(p.fetch("op://Prod/db/username")).isEqualTo("app");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/vaults")).withQueryParam("filter", equalTo("name eq \"Prod\"")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/vaults/" + connect.vault("Prod").get("id").asText() + "/items"))
                .withQueryParam("filter", equalTo("title eq \"db\"")));
        server.verify(2, getRequestedFor(urlPathEqualTo(itemPath("Prod", "db"))));
        server.verify(4, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + FakeConnect.TOKEN)));
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
        server.verify(1, getRequestedFor(urlPathEqualTo(itemPath("Prod", "db"))));
        server.verify(1, getRequestedFor(urlPathEqualTo(itemPath("My Vault", "Api Keys"))));
    }

    @Test
    void idsWorkWithoutAnyLookup() {
        String vaultId = connect.vault("My Vault").get("id").asText();
        var item = connect.item("My Vault", "Api Keys");
        String sectionId = item.get("sections").get(0).get("id").asText();
        String fieldId = item.get("fields").get(0).get("id").asText();
        SecretProvider p = provider();
        assertThat(p.fetch("op://" + vaultId + "/" + item.get("id").asText() + "/" + sectionId + "/" + fieldId)).isEqualTo("sk_live_123");
        assertThat(p.fetch("op://" + vaultId + "/" + item.get("id").asText() + "/test creds/secret key")).isEqualTo("sk_test_456");
        server.verify(0, getRequestedFor(urlPathEqualTo("/v1/vaults")));
    }

    @Test
    void aQuotedNameMayHoldASlash() {
        assertThat(provider().fetch("op://Prod/\"ci/cd\"/token")).isEqualTo("ci-token");
    }

    @Test
    void attributesGiveTheOneTimePasswordAndTheType() {
        connect.field("Prod", "otp", null, "one-time password", "otpauth://totp/x?secret=ABC").put("type", "OTP").put("totp", "654321");
        connect.publish();
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
        server.removeStub(server.getStubMappings().stream()
                .filter(m -> m.getRequest().getUrlPath() != null && m.getRequest().getUrlPath().equals(itemPath("Prod", "db")))
                .findFirst().orElseThrow());
        var item = connect.item("Prod", "db");
        item.put("id", connect.newId("idb"));
        connect.publish();
        assertThat(p.fetch("op://Prod/db/password")).isEqualTo("s3cr3t-db");
        server.verify(2, getRequestedFor(urlPathEqualTo("/v1/vaults/" + connect.vault("Prod").get("id").asText() + "/items"))
                .withQueryParam("filter", equalTo("title eq \"db\"")));
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
        String vid = connect.vault("Prod").get("id").asText();
        server.stubFor(FakeConnect.auth(get(urlPathEqualTo(itemPath("Prod", "db")))).atPriority(2)
                .willReturn(FakeConnect.error(403, "Unauthorized access")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("op://" + vid + "/db/password"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.path()).isEqualTo("op://" + vid + "/db/password");
    }

    @Test
    void rateLimitingIsThrottledAfterBoundedRetries() {
        server.stubFor(FakeConnect.auth(get(urlPathEqualTo(itemPath("Prod", "db")))).atPriority(2)
                .willReturn(FakeConnect.error(429, "Too many requests").withHeader("Retry-After", "0")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider().fetch("op://Prod/db/password"));
        assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
        server.verify(3, getRequestedFor(urlPathEqualTo(itemPath("Prod", "db"))));
    }

    @Test
    void aHungServerIsATimeout() {
        server.stubFor(FakeConnect.auth(get(urlPathEqualTo(itemPath("Prod", "db")))).atPriority(2)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));
        String vid = connect.vault("Prod").get("id").asText();
        String iid = connect.item("Prod", "db").get("id").asText();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> provider(Map.of("readTimeout", "300ms")).fetch("op://" + vid + "/" + iid + "/password"));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.code()).as("no answer in time: not reachable (DESIGN §4, same as Vault and Conjur)").isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
    }

    @Test
    void checkConnectionAsksHeartbeatAndOneVaultListing() {
        provider().checkConnection();
        server.verify(1, getRequestedFor(urlPathEqualTo("/heartbeat")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/vaults")));
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
