package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.SearchPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SecretResolver.search} on a Connect-mode manager against {@link FakeConnect}, which serves
 * {@code GET /v1/vaults} and {@code GET /v1/vaults/{id}/items[?filter=title co "..."]} as
 * https://developer.1password.com/docs/connect/api-reference/#list-items documents them (item summaries with createdAt and
 * updatedAt, no fields, the whole vault in one answer). Remote calls are counted from the fake's journal.
 */
final class ConnectSearchTest {
    private final FakeConnect connect = new FakeConnect();
    private final List<SecretResolver> resolvers = new ArrayList<>();

    @AfterEach
    void close() {
        resolvers.forEach(SecretResolver::close);
        connect.close();
    }

    private SecretResolver resolver(ManagerDefinition def) {
        SecretResolver r = SecretResolver.builder().manager(def).build();
        resolvers.add(r);
        return r;
    }

    private static ManagerDefinition manager(FakeConnect connect) {
        return ManagerDefinition.of("1p", "onepassword", Map.of("connectHost", connect.url(), "connectToken", FakeConnect.TOKEN));
    }

    private SecretResolver resolver() { return resolver(manager(connect)); }

    private void seed(String vault, String... titles) {
        for (String t : titles) connect.field(vault, t, null, "password", "value-of-" + t);
    }

    private static List<String> paths(SecretPage page) {
        return page.items().stream().map(SecretInfo::path).toList();
    }

    @Test
    void pagesOfOneVaultNeitherOverlapNorSkipAndCostOneListingEach() {
        seed("Prod", "svc-04", "svc-01", "db", "svc-06", "svc-00", "svc-03", "svc-05", "svc-02");
        SecretResolver r = resolver();
        SearchPages pages = SearchPages.walk(r, "1p", SecretQuery.all().under("op://Prod/").limit(3), ResolutionContext.none(),
                () -> connect.server().count());
        assertThat(pages.paths()).containsExactly("op://Prod/db", "op://Prod/svc-00", "op://Prod/svc-01", "op://Prod/svc-02",
                "op://Prod/svc-03", "op://Prod/svc-04", "op://Prod/svc-05", "op://Prod/svc-06");
        assertThat(pages.callsPerPage()).as("the vault name is looked up once, then one item listing per page").containsExactly(2, 1, 1);
        assertThat(pages.last().total()).hasValue(8);
        assertThat(connect.server().requests("GET", "/v1/vaults/[^/]+/items/.*")).as("no item (and so no value) is read").isEmpty();
        connect.server().assertNoUnexpected();
    }

    @Test
    void aQueryMatchesNamesCaseInsensitivelyAcrossEveryVaultInPathOrder() {
        seed("Prod", "Slack-Bot", "db");
        seed("Dev", "slack-hook", "cache");
        seed("Ops", "SLACK");
        SecretResolver r = resolver();
        connect.server().reset();
        SecretPage page = r.search("1p", SecretQuery.of("sLaCk"), ResolutionContext.none());
        assertThat(paths(page)).containsExactly("op://Dev/slack-hook", "op://Ops/SLACK", "op://Prod/Slack-Bot");
        assertThat(page.hasMore()).isFalse();
        assertThat(connect.server().count("GET", "/v1/vaults")).isEqualTo(1);
        assertThat(connect.server().count("GET", "/v1/vaults/[^/]+/items")).isEqualTo(3);
        assertThat(connect.server().requests("GET", "/v1/vaults/[^/]+/items")).extracting(rq -> rq.queryParam("filter"))
                .as("Connect's case rule for co is not documented: text with letters is matched here, not by Connect")
                .containsOnlyNulls();
    }

    @Test
    void textWithoutLetterCaseAndATitlePrefixNarrowTheListingAtConnect() {
        seed("Prod", "svc-01", "svc-02", "api-01", "db");
        SecretResolver r = resolver();
        assertThat(paths(r.search("1p", SecretQuery.of("-0").under("op://Prod/"), ResolutionContext.none())))
                .containsExactly("op://Prod/api-01", "op://Prod/svc-01", "op://Prod/svc-02");
        assertThat(paths(r.search("1p", SecretQuery.all().under("op://Prod/svc"), ResolutionContext.none())))
                .containsExactly("op://Prod/svc-01", "op://Prod/svc-02");
        List<String> filters = connect.server().requests("GET", "/v1/vaults/[^/]+/items").stream()
                .map(rq -> rq.queryParam("filter")).toList();
        assertThat(filters).containsExactly("title co \"-0\"", "title co \"svc\"");
    }

    @Test
    void pagesAcrossVaultsReadOnlyTheVaultsThePageReaches() {
        seed("A", "a1", "a2", "a3");
        seed("B", "b1", "b2", "b3");
        seed("C", "c1", "c2", "c3");
        SecretResolver r = resolver();
        SearchPages pages = SearchPages.walk(r, "1p", SecretQuery.all().limit(3), ResolutionContext.none(),
                () -> connect.server().count());
        assertThat(pages.paths()).containsExactly("op://A/a1", "op://A/a2", "op://A/a3", "op://B/b1", "op://B/b2", "op://B/b3",
                "op://C/c1", "op://C/c2", "op://C/c3");
        assertThat(pages.callsPerPage()).as("GET /v1/vaults, then each vault up to the one holding the match after the page")
                .containsExactly(3, 4, 4);
    }

    @Test
    void timesComeFromTheListingWithoutExtraCalls() {
        connect.field("Prod", "db", null, "password", "pw");
        connect.item("Prod", "db").put("createdAt", "2023-01-02T03:04:05Z").put("updatedAt", "2024-06-07T08:09:10.123Z");
        SecretResolver r = resolver();
        r.search("1p", SecretQuery.all().under("op://Prod/"), ResolutionContext.none());
        int before = connect.server().count();
        SecretPage page = r.search("1p", SecretQuery.all().under("op://Prod/").withTimestamps(), ResolutionContext.none());
        assertThat(connect.server().count() - before).isEqualTo(1);
        SecretInfo db = page.items().get(0);
        assertThat(db.createdAt()).contains(Instant.parse("2023-01-02T03:04:05Z"));
        assertThat(db.updatedAt()).contains(Instant.parse("2024-06-07T08:09:10.123Z"));
        assertThat(db.description()).isEqualTo("login");
        assertThat(page.toString() + page.items() + db.description()).doesNotContain("pw");
    }

    @Test
    void aCallerOutsideTheScopeIsDeniedAndConnectIsNeverAsked() {
        seed("Prod", "db");
        SecretResolver r = resolver(manager(connect).scope(Scope.projects("p1")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("1p", SecretQuery.all(), ResolutionContext.project("p2")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(connect.server().count()).isZero();
        assertThat(paths(r.search("1p", SecretQuery.all(), ResolutionContext.project("p1")))).containsExactly("op://Prod/db");
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeThePageIsCut() {
        seed("Prod", "svc-01", "svc-02", "svc-03", "db");
        seed("Dev", "svc-09");
        SecretResolver r = resolver(manager(connect).allowPaths("op://Prod/svc-*"));
        SecretPage first = r.search("1p", SecretQuery.of("svc").limit(2), ResolutionContext.none());
        SecretPage second = r.search("1p", SecretQuery.of("svc").offset(2).limit(2), ResolutionContext.none());
        assertThat(paths(first)).containsExactly("op://Prod/svc-01", "op://Prod/svc-02");
        assertThat(first.hasMore()).isTrue();
        assertThat(paths(second)).containsExactly("op://Prod/svc-03");
        assertThat(second.hasMore()).as("op://Dev/svc-09 is outside the allow-list").isFalse();
    }

    @Test
    void aVaultTheTokenMayNotReadIsAccessDeniedNamingTheGrant() {
        seed("Prod", "db");
        connect.deny("Prod");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver().search("1p", SecretQuery.all().under("op://Prod/"), ResolutionContext.none()));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("read access to the vault").contains("list items").doesNotContain(FakeConnect.TOKEN);
    }

    @Test
    void anUnknownVaultIsNotFoundAndAPrefixOutsideThePathSyntaxIsInvalid() {
        seed("Prod", "db");
        SecretResolver r = resolver();
        SecretManagerException missing = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("1p", SecretQuery.all().under("op://Nowhere/"), ResolutionContext.none()));
        assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(missing.getMessage()).contains("Vault 'Nowhere' not found");
        SecretManagerException invalid = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("1p", SecretQuery.all().under("Prod"), ResolutionContext.none()));
        assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(invalid.getMessage()).contains("op://Vault/");
    }

    @Test
    void aRememberedVaultIdThatStoppedWorkingIsLookedUpAgainOnce() {
        seed("Prod", "db");
        SecretResolver r = resolver();
        assertThat(paths(r.search("1p", SecretQuery.all().under("op://Prod/"), ResolutionContext.none()))).containsExactly("op://Prod/db");
        connect.renewVaultId("Prod");
        int before = connect.server().count();
        assertThat(paths(r.search("1p", SecretQuery.all().under("op://Prod/"), ResolutionContext.none()))).containsExactly("op://Prod/db");
        assertThat(connect.server().count() - before).as("old id 404, name lookup, listing").isEqualTo(3);
    }

    @Test
    void aVaultNamePrefixReachesOnlyTheVaultsItStarts() {
        seed("Prod", "db");
        seed("Production", "api");
        seed("Dev", "cache");
        List<String> got = paths(resolver().search("1p", SecretQuery.all().under("op://Prod"), ResolutionContext.none()));
        assertThat(got).containsExactly("op://Prod/db", "op://Production/api");
        assertThat(connect.server().requests("GET", "/v1/vaults/[^/]+/items")).extracting(Request::path)
                .noneMatch(p -> p.contains(connect.vaultId("Dev")));
        assertThat(Optional.ofNullable(connect.server().requests("GET", "/v1/vaults").get(0).queryParam("filter"))).isEmpty();
    }
}
