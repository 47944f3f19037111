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
    void listOnAProviderThatCannotListFailsWithUnsupported() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "store", "provider", "broken",
                "config", Map.of("token", "t"))));

        Cli.Result r = Cli.run("list", "store", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("list store failed").contains("UNSUPPORTED");
    }
}
