package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `providers`, `test` and `list`: the instructions to connect a store, which step failed, names never values. */
final class InspectCommandsTest {
    @TempDir Path dir;

    @Test
    void providersListsEachProviderWithFieldsAndPathFormat() throws Exception {
        Cli.Result text = Cli.run("providers");
        Cli.Result json = Cli.run("providers", "--json");

        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("env - Environment variables").contains("memory - In-memory store")
                .contains("example: {{env|ap_sep_v1|DB_PASSWORD}}")
                .contains("token  Token (required, sensitive)");
        JsonNode all = new ObjectMapper().readTree(json.out());
        JsonNode broken = null;
        for (JsonNode p : all) if (p.get("id").asText().equals("broken")) broken = p;
        assertThat(broken).isNotNull();
        assertThat(broken.at("/fields/0/key").asText()).isEqualTo("token");
        assertThat(broken.at("/fields/0/required").asBoolean()).isTrue();
        assertThat(broken.at("/fields/0/sensitive").asBoolean()).isTrue();
        assertThat(broken.get("pathFormat").asText()).isEqualTo("anything");
    }

    @Test
    void testPrintsEachStepAndSucceeds() {
        Path managers = Fixtures.managersFile(dir);

        Cli.Result r = Cli.run("test", "demo", "--managers", managers.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ok      read managers file").contains("ok      credentials from the environment")
                .contains("ok      configuration (demo: memory)").contains("ok      connection");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void testNamesTheFailedStepWithoutTheCredential() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "store", "provider", "broken",
                "config", Map.of("token", "{{env|ap_sep_v1|STORE_TOKEN}}"))));

        Cli.Result r = Cli.run(Map.of("STORE_TOKEN", "tok-very-secret-123"), "", "test", "store", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("ok      configuration (store: broken)").contains("FAILED  connection");
        assertThat(r.err()).contains("test failed at step: connection")
                .contains("SECRET_MANAGER_CONNECTION_FAILED / AUTHENTICATION_FAILED (manager store, provider broken)")
                .contains("check: the credentials");
        assertThat(r.out() + r.err()).doesNotContain("tok-very-secret-123");
    }

    @Test
    void testOfAnUnknownManagerIsAUsageError() {
        Path managers = Fixtures.managersFile(dir);

        Cli.Result r = Cli.run("test", "prod", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("FAILED  find manager 'prod'");
        assertThat(r.err()).contains("no manager 'prod'").contains("(it has: demo)");
    }

    @Test
    void listPrintsNamesOnlyFilteredByPrefixAndSearch() {
        Path managers = write(dir.resolve("m.json"), """
                {"managers": [{"name": "demo", "provider": "memory", "config": {"values": {
                  "db/password": "pw-value-1", "db/user": "user-value-2", "api/Slack-Token": "slack-value-3"}}}]}
                """);

        Cli.Result all = Cli.run("list", "demo", "--managers", managers.toString());
        Cli.Result db = Cli.run("list", "demo", "db/", "--managers", managers.toString());
        Cli.Result search = Cli.run("list", "demo", "--search", "slack", "--managers", managers.toString());
        Cli.Result none = Cli.run("list", "demo", "--search", "nothing", "--managers", managers.toString());

        assertThat(all.code()).isZero();
        assertThat(all.out()).isEqualTo("api/Slack-Token\ndb/password\ndb/user\n".replace("\n", System.lineSeparator()));
        assertThat(db.out()).isEqualTo("db/password\ndb/user\n".replace("\n", System.lineSeparator()));
        assertThat(search.out()).isEqualTo("api/Slack-Token" + System.lineSeparator());
        assertThat(none.code()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no secret names matching 'nothing'");
        assertThat(all.out() + all.err()).doesNotContain("value-");
    }

    @Test
    void listPagesWithOffsetAndLimitAndSaysWhereTheNextPageStarts() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "dated", "provider", "dated", "config", Map.of("count", "7"))));

        Cli.Result first = Cli.run("list", "dated", "--query", "KEY", "--limit", "3", "--managers", managers.toString());
        Cli.Result last = Cli.run("list", "dated", "--query", "key", "--offset", "6", "--limit", "3", "--managers", managers.toString());

        assertThat(first.code()).isZero();
        assertThat(first.out().lines()).containsExactly(
                "app/key-00\tcreated 2026-01-02T03:04:05Z\tupdated 2026-01-02T03:04:05Z",
                "app/key-01\tcreated 2026-01-02T03:04:05Z\tupdated 2026-01-02T03:04:06Z",
                "app/key-02\tcreated 2026-01-02T03:04:05Z\tupdated 2026-01-02T03:04:07Z");
        assertThat(first.err()).contains("more names follow: --offset 3 (7 in all)");
        assertThat(last.out().lines()).extracting(l -> l.split("\t")[0]).containsExactly("app/key-06");
        assertThat(last.err()).doesNotContain("more names follow");
        assertThat(first.out() + first.err() + last.out()).doesNotContain("value-of");
    }

    @Test
    void listAsJsonGivesThePageWithIsoTimes() throws Exception {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "dated", "provider", "dated", "config", Map.of("count", "5"))));

        Cli.Result r = Cli.run("list", "dated", "--offset", "1", "--limit", "2", "--json", "--managers", managers.toString());

        assertThat(r.code()).isZero();
        var page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(page.get("hasMore").asBoolean()).isTrue();
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("path").asText()).isEqualTo("app/key-01");
        assertThat(page.get("items").get(0).get("createdAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(page.get("items").get(1).get("updatedAt").asText()).isEqualTo("2026-01-02T03:04:07Z");
    }

    @Test
    void listOutsideTheManagersProjectsIsDeniedAndBadPagingIsAUsageError() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "dated", "provider", "dated", "projects", List.of("p1"),
                "config", Map.of("count", "2"))));

        Cli.Result denied = Cli.run("list", "dated", "--project", "p2", "--managers", managers.toString());
        Cli.Result allowed = Cli.run("list", "dated", "--project", "p1", "--managers", managers.toString());
        Cli.Result badLimit = Cli.run("list", "dated", "--project", "p1", "--limit", "5000", "--managers", managers.toString());

        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.err()).contains("SCOPE_DENIED");
        assertThat(allowed.out().lines()).hasSize(2);
        assertThat(badLimit.code()).isEqualTo(2);
        assertThat(badLimit.err()).contains("limit must be 1 to 1000");
    }

    @Test
    void listOnAProviderThatCannotListFailsWithUnsupported() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "store", "provider", "broken",
                "config", Map.of("token", "t"))));

        Cli.Result r = Cli.run("list", "store", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("list store failed").contains("UNSUPPORTED");
    }
}
