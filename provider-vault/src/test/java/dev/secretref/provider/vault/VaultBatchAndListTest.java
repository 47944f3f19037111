package dev.secretref.provider.vault;

import static dev.secretref.provider.vault.FakeVault.failure;
import static dev.secretref.provider.vault.FakeVault.json;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fetchAll reads each secret path once; list uses LIST on metadata/ (v2) or the path (v1). Shapes: see {@link FakeVault}. */
final class VaultBatchAndListTest {
    private static final String TOKEN = "hvs.batch-token";
    private FakeVault vault;
    private SecretProvider provider;

    @BeforeEach
    void start() {
        vault = new FakeVault();
        provider = vault.provider(Map.of("token", TOKEN, "maxConcurrency", 4));
    }

    @AfterEach
    void close() {
        provider.close();
        vault.close();
    }

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
        assertThat(vault.http.count("GET", "/v1/secret/data/db")).isEqualTo(2);
        assertThat(vault.http.count("GET", "/v1/secret/data/api")).isEqualTo(1);
        assertThat(vault.http.count("GET", "/v1/kv/legacy")).isEqualTo(1);
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
        assertThat(vault.http.count("GET", "/v1/secret/data/s[0-9]+")).isEqualTo(20);
        assertThat(vault.http.count("GET", "/v1/sys/internal/ui/mounts/.*")).isEqualTo(1);
    }

    @Test
    void fetchAllGivesEachPathOfAFailedReadItsOwnError() {
        vault.mount("secret", 2);
        vault.http.route("GET", "/v1/secret/data/locked", r -> json(403, FakeVault.PERMISSION_DENIED));

        Map<String, FetchResult> got = provider.fetchAll(Set.of("secret/data/locked/a", "secret/data/locked/b", "bad/path"));
        assertThat(got.get("secret/data/locked/a").error().reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(got.get("secret/data/locked/a").error().path()).isEqualTo("secret/data/locked/a");
        assertThat(got.get("secret/data/locked/b").error().path()).isEqualTo("secret/data/locked/b");
        assertThat(got.get("bad/path").error().code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(vault.http.count("GET", "/v1/secret/data/locked")).isEqualTo(1);
    }

    @Test
    void listsAKvV2FolderThroughItsMetadataPath() {
        vault.mount("secret", 2);
        for (String name : List.of("app/db", "app/api", "app/nested/x")) vault.v2("secret", name, Map.of("k", "v"));

        List<SecretInfo> names = provider.list("secret/data/app/");
        assertThat(names).extracting(SecretInfo::path)      // Vault answers the keys sorted
                .containsExactly("secret/data/app/api", "secret/data/app/db", "secret/data/app/nested/");
        assertThat(vault.count("LIST", "/v1/secret/metadata/app/", TOKEN)).isEqualTo(1);
    }

    @Test
    void listsTheRootOfAKvV2Mount() {
        vault.mount("secret", 2);
        vault.v2("secret", "app/db", Map.of("k", "v"));

        assertThat(provider.list("secret")).extracting(SecretInfo::path).containsExactly("secret/data/app/");
    }

    @Test
    void listsAKvV1Folder() {
        vault.mount("kv", 1);
        vault.v1("kv", "app/db", Map.of("k", "v"));

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
        vault.http.route("LIST", "/v1/secret/metadata/app/", r -> json(403, FakeVault.PERMISSION_DENIED));

        SecretManagerException e = failure(() -> provider.list("secret/data/app/"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("path \"secret/metadata/app/\" { capabilities = [\"list\"] }");
    }

    @Test
    void listingNeedsAMount() {
        SecretManagerException e = failure(() -> provider.list(""));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(vault.http.count()).isZero();
    }
}
