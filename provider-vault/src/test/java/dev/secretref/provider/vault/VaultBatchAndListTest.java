package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.secretref.provider.vault.WireMockVault.failure;
import static dev.secretref.provider.vault.WireMockVault.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fetchAll reads each secret path once; list uses LIST on metadata/ (v2) or the path (v1). Shapes: see {@link WireMockVault}. */
final class VaultBatchAndListTest {
    private static final String TOKEN = "hvs.batch-token";
    private static WireMockVault vault;
    private SecretProvider provider;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @BeforeEach
    void reset() {
        vault.reset();
        provider = vault.provider(Map.of("token", TOKEN, "maxConcurrency", 4));
    }

    @AfterEach
    void close() { provider.close(); }

    @Test
    void fetchAllReadsEachSecretPathOnceWhateverTheNumberOfKeys() {
        vault.mount("secret", 2);
        vault.mount("kv", 1);
        vault.v2("secret", "db", Map.of("user", "app", "password", "pw", "host", "db.local"));
        vault.v2("secret", "api", Map.of("token", "t0k"));
        vault.v1("kv", "legacy", Map.of("a", "1", "b", "2"));

        Set<String> asked = new LinkedHashSet<>(List.of("secret/data/db/user", "secret/data/db/password", "secret/db/host",
                "secret/data/api/token", "kv/legacy/a", "kv/legacy/b", "secret/data/db/missing"));
        Map<String, FetchResult> got = provider.fetchAll(asked);

        assertThat(got.keySet()).containsExactlyElementsOf(asked);
        assertThat(got.get("secret/data/db/user").valueOrThrow()).isEqualTo("app");
        assertThat(got.get("secret/data/db/password").valueOrThrow()).isEqualTo("pw");
        assertThat(got.get("secret/db/host").valueOrThrow()).isEqualTo("db.local");
        assertThat(got.get("secret/data/api/token").valueOrThrow()).isEqualTo("t0k");
        assertThat(got.get("kv/legacy/a").valueOrThrow()).isEqualTo("1");
        assertThat(got.get("kv/legacy/b").valueOrThrow()).isEqualTo("2");
        assertThat(got.get("secret/data/db/missing").error().reason()).isEqualTo(Reason.NOT_FOUND);
        // "secret/data/db" and "secret/db" name the same secret but are different reference paths: two groups
        vault.server.verify(2, getRequestedFor(urlEqualTo("/v1/secret/data/db")));
        vault.server.verify(1, getRequestedFor(urlEqualTo("/v1/secret/data/api")));
        vault.server.verify(1, getRequestedFor(urlEqualTo("/v1/kv/legacy")));
    }

    @Test
    void fetchAllReadsManyDistinctPathsOnceEach() {
        vault.mount("secret", 2);
        Set<String> asked = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            vault.v2("secret", "s" + i, Map.of("a", "A" + i, "b", "B" + i));
            asked.add("secret/data/s" + i + "/a");
            asked.add("secret/data/s" + i + "/b");
        }
        Map<String, FetchResult> got = provider.fetchAll(asked);
        for (int i = 0; i < 20; i++) {
            assertThat(got.get("secret/data/s" + i + "/a").valueOrThrow()).isEqualTo("A" + i);
            assertThat(got.get("secret/data/s" + i + "/b").valueOrThrow()).isEqualTo("B" + i);
        }
        vault.server.verify(20, getRequestedFor(urlPathMatching("/v1/secret/data/s[0-9]+")));
        vault.server.verify(1, getRequestedFor(urlPathMatching("/v1/sys/internal/ui/mounts/.*")));
    }

    @Test
    void fetchAllGivesEachPathOfAFailedReadItsOwnError() {
        vault.mount("secret", 2);
        vault.server.stubFor(get(urlEqualTo("/v1/secret/data/locked")).willReturn(json(403, WireMockVault.PERMISSION_DENIED)));

        Map<String, FetchResult> got = provider.fetchAll(Set.of("secret/data/locked/a", "secret/data/locked/b", "bad/path"));
        assertThat(got.get("secret/data/locked/a").error().reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(got.get("secret/data/locked/a").error().path()).isEqualTo("secret/data/locked/a");
        assertThat(got.get("secret/data/locked/b").error().path()).isEqualTo("secret/data/locked/b");
        assertThat(got.get("bad/path").error().code()).isEqualTo(ErrorCode.VALIDATION);
        vault.server.verify(1, getRequestedFor(urlEqualTo("/v1/secret/data/locked")));
    }

    @Test
    void listsAKvV2FolderThroughItsMetadataPath() {
        vault.mount("secret", 2);
        vault.list("secret/metadata/app/", List.of("db", "api", "nested/"));

        List<SecretInfo> names = provider.list("secret/data/app/");
        assertThat(names).extracting(SecretInfo::path)
                .containsExactly("secret/data/app/db", "secret/data/app/api", "secret/data/app/nested/");
        vault.server.verify(requestedFor("LIST", urlEqualTo("/v1/secret/metadata/app/")).withHeader("X-Vault-Token", equalTo(TOKEN)));
    }

    @Test
    void listsTheRootOfAKvV2Mount() {
        vault.mount("secret", 2);
        vault.list("secret/metadata/", List.of("app/"));

        assertThat(provider.list("secret")).extracting(SecretInfo::path).containsExactly("secret/data/app/");
    }

    @Test
    void listsAKvV1Folder() {
        vault.mount("kv", 1);
        vault.list("kv/app/", List.of("db"));

        assertThat(provider.list("kv/app")).extracting(SecretInfo::path).containsExactly("kv/app/db");
    }

    @Test
    void listingAnEmptyFolderIsEmpty() {
        vault.mount("secret", 2);
        assertThat(provider.list("secret/data/nothing/")).isEmpty();
    }

    @Test
    void listingWithoutThePolicyIsAccessDeniedNamingTheListCapability() {
        vault.mount("secret", 2);
        vault.server.stubFor(request("LIST", urlEqualTo("/v1/secret/metadata/app/")).willReturn(json(403, WireMockVault.PERMISSION_DENIED)));

        SecretManagerException e = failure(() -> provider.list("secret/data/app/"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/metadata/app/\" { capabilities = [\"list\"] }");
    }

    @Test
    void listingNeedsAMount() {
        SecretManagerException e = failure(() -> provider.list(""));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        vault.server.verify(0, requestedFor(RequestMethod.ANY.getName(), urlPathMatching("/v1/.*")));
    }
}
