package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.ResolutionContext;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Search through {@link SecretResolver#search}: Vault has no server-side name filter, so the provider walks folders with
 * {@code LIST <mount>/metadata/<folder>/} (KV v2, https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#list-secrets)
 * or {@code LIST <mount>/<folder>/} (KV v1, https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1#list-secrets),
 * depth first in sorted key order, and stops listing once a page is full; times come from
 * {@code GET <mount>/metadata/<name>} (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata)
 * only when asked. Remote calls per page are counted from the fake's journal.
 */
final class VaultSearchTest {
    private static final String TOKEN = "hvs.search-token-Rr4";
    private static final String LIST = "LIST";
    private FakeVault vault;
    private FakeVault.Mount secret;
    private final List<SecretResolver> resolvers = new ArrayList<>();

    @BeforeEach
    void seed() {
        vault = new FakeVault();
        secret = vault.kvMount("secret", 2, TOKEN);
        for (String name : List.of("app/Slack-token", "app/api", "app/db", "app/nested/slack-bot", "app/nested/slack-hook",
                "other/slack-x", "team-a/slack-1", "team-b/x")) {
            vault.v2("secret", name, Map.of("value", "value-of-" + name));
        }
        vault.v2("secret", "app/db", Map.of("value", "second version"));
        vault.kvMount("kv", 1, TOKEN);
        vault.v1("kv", "legacy/slack-old", Map.of("value", "v1 value"));
    }

    @AfterEach
    void close() {
        resolvers.forEach(SecretResolver::close);
        vault.close();
    }

    private SecretResolver resolver(ManagerDefinition def) {
        SecretResolver r = SecretResolver.builder().manager(def).build();
        resolvers.add(r);
        return r;
    }

    private ManagerDefinition vaultManager() {
        return ManagerDefinition.of("vault", "hashicorp", Map.of("url", vault.url(), "token", TOKEN));
    }

    private static List<String> paths(SecretPage page) {
        return page.items().stream().map(SecretInfo::path).toList();
    }

    @Test
    void threePagesCoverEveryMatchOnceListingOnlyTheFoldersEachPageNeeds() {
        SecretResolver r = resolver(vaultManager());
        SecretQuery query = SecretQuery.of("SLACK").under("secret/data/").limit(2);
        List<String> seen = new ArrayList<>();
        List<Integer> lists = new ArrayList<>();
        int offset = 0;
        SecretPage page;
        do {
            vault.http.reset();
            page = r.search("vault", query.offset(offset), ResolutionContext.none());
            seen.addAll(paths(page));
            lists.add(vault.http.count(LIST, "/v1/secret/metadata/.*"));
            assertThat(vault.http.count("GET", "/v1/secret/(data|metadata)/.*")).as("never a value or metadata read").isZero();
            offset += 2;
        } while (page.hasMore());

        assertThat(seen).containsExactly("secret/data/app/Slack-token", "secret/data/app/nested/slack-bot",
                "secret/data/app/nested/slack-hook", "secret/data/other/slack-x", "secret/data/team-a/slack-1");
        // page 1 reads 3 matches (2 + 1 to know there are more): /, app/, app/nested/; page 2 reads 5 (+ other/, team-a/);
        // the last page walks to the end (+ team-b/) and knows the total
        assertThat(lists).containsExactly(3, 5, 6);
        assertThat(page.total()).hasValue(5);
        assertThat(vault.http.count()).as("the last page: LISTs only, the mount was detected on page 1").isEqualTo(6);
        vault.http.assertNoUnexpected();
    }

    @Test
    void theFirstPageCostsOneMountDetectionAndOneListPerFolderReached() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("slack").under("secret/data/").limit(1), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("secret/data/app/Slack-token");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.total()).isEmpty();
        assertThat(vault.http.requests()).extracting(Object::toString).containsExactly(
                "GET /v1/sys/internal/ui/mounts/secret/data",
                "LIST /v1/secret/metadata/",
                "LIST /v1/secret/metadata/app/",
                "LIST /v1/secret/metadata/app/nested/");
    }

    @Test
    void theTextMatchesCaseInsensitivelyAndFoldersAreNotResults() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("NESTED/SLACK").under("secret/data/app/"), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("secret/data/app/nested/slack-bot", "secret/data/app/nested/slack-hook");
        assertThat(page.items()).allSatisfy(i -> assertThat(i.description()).contains("append /<key>").doesNotContain("value"));
        assertThat(page.total()).hasValue(2);
        assertThat(vault.http.count(LIST, "/v1/secret/metadata/app/")).isEqualTo(1);
        assertThat(vault.http.count(LIST, "/v1/secret/metadata/")).as("the walk starts at the prefix's folder").isZero();
    }

    @Test
    void timestampsCostOneMetadataReadPerKvV2SecretOfThePage() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("").under("secret/data/app/d").withTimestamps(), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("secret/data/app/db");
        SecretInfo db = page.items().get(0);
        FakeVault.Version first;
        FakeVault.Version last;
        synchronized (secret) {
            first = secret.secrets.get("app/db").versions.firstEntry().getValue();
            last = secret.secrets.get("app/db").versions.lastEntry().getValue();
        }
        assertThat(db.createdAt()).contains(first.created());
        assertThat(db.updatedAt()).contains(last.created());
        assertThat(db.createdAt()).isNotEqualTo(db.updatedAt());
        assertThat(vault.http.count("GET", "/v1/secret/metadata/app/db")).isEqualTo(1);
        assertThat(vault.http.count(LIST, ".*")).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/secret/data/.*")).as("never a value read").isZero();

        vault.http.reset();
        SecretPage all = r.search("vault", SecretQuery.of("").under("secret/data/app/").limit(3).withTimestamps(), ResolutionContext.none());
        assertThat(all.items()).hasSize(3).allSatisfy(i -> assertThat(i.createdAt()).isPresent());
        assertThat(vault.http.count("GET", "/v1/secret/metadata/.*")).as("one per item of the page, not per secret walked").isEqualTo(3);
    }

    @Test
    void withoutTimestampsNoMetadataIsRead() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("").under("secret/data/app/"), ResolutionContext.none());

        assertThat(page.items()).hasSize(5).allSatisfy(i -> {
            assertThat(i.createdAt()).isEqualTo(Optional.empty());
            assertThat(i.updatedAt()).isEqualTo(Optional.empty());
        });
        assertThat(vault.http.count("GET", "/v1/secret/metadata/.*")).isZero();
    }

    @Test
    void withoutAPrefixEveryKvMountTheTokenSeesIsSearchedInMountOrder() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("slack-"), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("kv/legacy/slack-old", "secret/data/app/Slack-token", "secret/data/app/nested/slack-bot",
                "secret/data/app/nested/slack-hook", "secret/data/other/slack-x", "secret/data/team-a/slack-1");
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts")).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.+")).as("the listing gave each mount's version").isZero();
        assertThat(vault.http.count(LIST, "/v1/cubbyhole/.*")).as("not a KV mount").isZero();
        assertThat(vault.http.count(LIST, "/v1/kv/.*")).isEqualTo(2);
        vault.http.assertNoUnexpected();
    }

    @Test
    void kvV1FoldersAreListedAtTheirOwnPath() {
        SecretResolver r = resolver(vaultManager());
        SecretPage page = r.search("vault", SecretQuery.of("OLD").under("kv/"), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("kv/legacy/slack-old");
        assertThat(vault.http.requests(LIST, ".*")).extracting(Object::toString).containsExactly("LIST /v1/kv/", "LIST /v1/kv/legacy/");
    }

    @Test
    void aCallerOutsideTheScopeIsDeniedBeforeVaultIsAsked() {
        SecretResolver r = resolver(vaultManager().scope(Scope.projects("p1")));
        SecretManagerException e = failure(() -> r.search("vault", SecretQuery.of("slack").under("secret/data/"),
                ResolutionContext.project("p2")));

        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(vault.http.count()).isZero();
        assertThat(paths(r.search("vault", SecretQuery.of("slack").under("secret/data/team-a/"), ResolutionContext.project("p1"))))
                .containsExactly("secret/data/team-a/slack-1");
    }

    @Test
    void theAllowListNarrowsTheMatchesBeforeThePageIsCut() {
        SecretResolver r = resolver(vaultManager().allowPaths("secret/data/team-a/**", "secret/data/other/**"));
        SecretPage page = r.search("vault", SecretQuery.of("slack").under("secret/data/").limit(1), ResolutionContext.none());
        SecretPage next = r.search("vault", SecretQuery.of("slack").under("secret/data/").offset(1).limit(1), ResolutionContext.none());

        assertThat(paths(page)).containsExactly("secret/data/other/slack-x");
        assertThat(page.hasMore()).isTrue();
        assertThat(paths(next)).containsExactly("secret/data/team-a/slack-1");
        assertThat(next.hasMore()).isFalse();
        assertThat(next.total()).hasValue(2);
    }

    @Test
    void aDeniedListIsAccessDeniedNamingTheListCapability() {
        vault.http.route(LIST, "/v1/secret/metadata/app/", req -> FakeVault.json(403, FakeVault.PERMISSION_DENIED));
        SecretResolver r = resolver(vaultManager());
        SecretManagerException e = failure(() -> r.search("vault", SecretQuery.of("slack").under("secret/data/"),
                ResolutionContext.none()));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/metadata/app/\" { capabilities = [\"list\"] }").doesNotContain(TOKEN);
    }

    @Test
    void aDeniedMetadataReadIsAccessDeniedNamingTheReadCapability() {
        vault.http.route("GET", "/v1/secret/metadata/.*", req -> FakeVault.json(403, FakeVault.PERMISSION_DENIED));
        SecretResolver r = resolver(vaultManager());
        SecretManagerException e = failure(() -> r.search("vault", SecretQuery.of("db").under("secret/data/app/").withTimestamps(),
                ResolutionContext.none()));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/metadata/app/db\" { capabilities = [\"read\"] }");
    }
}
