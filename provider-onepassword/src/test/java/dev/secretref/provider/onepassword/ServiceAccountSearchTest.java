package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.secretref.testkit.SearchPages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SecretResolver.search} on a service-account manager against {@link FakeOp}, which prints
 * {@code op item list --vault X --format json} and {@code op vault list --format json} as op 2 does
 * (https://developer.1password.com/docs/cli/reference/management-commands/item#item-list and
 * https://developer.1password.com/docs/cli/reference/management-commands/vault#vault-list: summaries with created_at and
 * updated_at, no fields). op has no title filter and no paging, so each vault costs one run. Runs are counted from the
 * fake's calls.log.
 */
final class ServiceAccountSearchTest {
    @TempDir
    Path dir;

    private FakeOp op;
    private final List<SecretResolver> resolvers = new ArrayList<>();

    @AfterEach
    void close() {
        resolvers.forEach(SecretResolver::close);
    }

    private FakeOp op() {
        if (op == null) op = new FakeOp(dir);
        return op;
    }

    private ManagerDefinition manager() {
        return ManagerDefinition.of("1p", "onepassword", Map.of("serviceAccountToken", FakeOp.TOKEN, "opPath", op().opPath().toString()));
    }

    private SecretResolver resolver(ManagerDefinition def) {
        op().write();
        SecretResolver r = SecretResolver.builder().manager(def).build();
        resolvers.add(r);
        return r;
    }

    private void seed(String vault, String... titles) {
        for (String t : titles) op().field(vault, t, null, "password", "value-of-" + t);
    }

    private static List<String> paths(SecretPage page) {
        return page.items().stream().map(SecretInfo::path).toList();
    }

    private List<List<String>> runs() {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode c : op.calls()) {
            List<String> argv = new ArrayList<>();
            c.get("argv").forEach(a -> argv.add(a.asText()));
            out.add(argv);
        }
        return out;
    }

    @Test
    void pagesOfOneVaultNeitherOverlapNorSkipAndCostOneRunEach() {
        seed("Prod", "svc-04", "svc-01", "db", "svc-06", "svc-00", "svc-03", "svc-05", "svc-02");
        SecretResolver r = resolver(manager());
        SearchPages pages = SearchPages.walk(r, "1p", SecretQuery.all().under("op://Prod/").limit(3), ResolutionContext.none(),
                () -> op.calls().size());
        assertThat(pages.paths()).containsExactly("op://Prod/db", "op://Prod/svc-00", "op://Prod/svc-01", "op://Prod/svc-02",
                "op://Prod/svc-03", "op://Prod/svc-04", "op://Prod/svc-05", "op://Prod/svc-06");
        assertThat(pages.callsPerPage()).containsExactly(1, 1, 1);
        assertThat(runs()).allSatisfy(argv -> assertThat(argv).containsExactly("item", "list", "--vault", "Prod", "--format", "json"));
        assertThat(pages.last().total()).hasValue(8);
    }

    @Test
    void aQueryMatchesNamesCaseInsensitivelyAcrossEveryVaultInPathOrder() {
        seed("Prod", "Slack-Bot", "db");
        seed("Dev", "slack-hook", "cache");
        seed("Ops", "SLACK");
        SecretPage page = resolver(manager()).search("1p", SecretQuery.of("sLaCk"), ResolutionContext.none());
        assertThat(paths(page)).containsExactly("op://Dev/slack-hook", "op://Ops/SLACK", "op://Prod/Slack-Bot");
        assertThat(page.hasMore()).isFalse();
        assertThat(runs()).extracting(argv -> String.join(" ", argv.subList(0, 2)))
                .containsExactly("vault list", "item list", "item list", "item list");
        assertThat(runs().get(1)).as("vaults are listed by id").contains(op.vault("Dev").get("id").asText());
    }

    @Test
    void pagesAcrossVaultsRunOnlyForTheVaultsThePageReaches() {
        seed("A", "a1", "a2", "a3");
        seed("B", "b1", "b2", "b3");
        seed("C", "c1", "c2", "c3");
        SecretResolver r = resolver(manager());
        SearchPages pages = SearchPages.walk(r, "1p", SecretQuery.all().limit(3), ResolutionContext.none(),
                () -> op.calls().size());
        assertThat(pages.paths()).containsExactly("op://A/a1", "op://A/a2", "op://A/a3", "op://B/b1", "op://B/b2", "op://B/b3",
                "op://C/c1", "op://C/c2", "op://C/c3");
        assertThat(pages.callsPerPage()).as("op vault list, then each vault up to the one holding the match after the page")
                .containsExactly(3, 4, 4);
    }

    @Test
    void timesComeFromTheListingWithoutExtraRuns() {
        op().field("Prod", "db", null, "password", "pw");
        op.item("Prod", "db").put("created_at", "2023-01-02T03:04:05Z").put("updated_at", "2024-06-07T08:09:10Z")
                .put("additional_information", "app-user");
        SecretPage page = resolver(manager()).search("1p", SecretQuery.all().under("op://Prod/").withTimestamps(),
                ResolutionContext.none());
        assertThat(op.calls()).hasSize(1);
        SecretInfo db = page.items().get(0);
        assertThat(db.createdAt()).contains(Instant.parse("2023-01-02T03:04:05Z"));
        assertThat(db.updatedAt()).contains(Instant.parse("2024-06-07T08:09:10Z"));
        assertThat(db.description()).isEqualTo("LOGIN");
        assertThat(page.toString() + page.items()).doesNotContain("pw").doesNotContain("app-user");
    }

    @Test
    void aCallerOutsideTheScopeIsDeniedAndOpIsNeverRun() {
        seed("Prod", "db");
        SecretResolver r = resolver(manager().scope(Scope.projects("p1")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.search("1p", SecretQuery.all(), ResolutionContext.project("p2")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(op.calls()).isEmpty();
        assertThat(paths(r.search("1p", SecretQuery.all(), ResolutionContext.project("p1")))).containsExactly("op://Prod/db");
    }

    @Test
    void theAllowListNarrowsTheQueryBeforeThePageIsCut() {
        seed("Prod", "svc-01", "svc-02", "svc-03", "db");
        seed("Dev", "svc-09");
        SecretResolver r = resolver(manager().allowPaths("op://Prod/svc-*"));
        SecretPage first = r.search("1p", SecretQuery.of("svc").limit(2), ResolutionContext.none());
        SecretPage second = r.search("1p", SecretQuery.of("svc").offset(2).limit(2), ResolutionContext.none());
        assertThat(paths(first)).containsExactly("op://Prod/svc-01", "op://Prod/svc-02");
        assertThat(first.hasMore()).isTrue();
        assertThat(paths(second)).containsExactly("op://Prod/svc-03");
        assertThat(second.hasMore()).as("op://Dev/svc-09 is outside the allow-list").isFalse();
    }

    @Test
    void aVaultTheServiceAccountMayNotReadIsAccessDeniedNamingTheGrant() {
        seed("Prod", "db");
        op.deny("Prod");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver(manager()).search("1p", SecretQuery.all().under("op://Prod/"), ResolutionContext.none()));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("read_items").contains("op item list --vault Prod").doesNotContain(FakeOp.TOKEN);
    }

    @Test
    void anUnknownVaultIsNotFound() {
        seed("Prod", "db");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver(manager()).search("1p", SecretQuery.all().under("op://Nowhere/"), ResolutionContext.none()));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("Vault 'Nowhere' not found");
    }
}
