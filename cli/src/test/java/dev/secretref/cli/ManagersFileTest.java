package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The managers file: JSON or YAML, env references for credentials, every problem named at once, never a value. */
final class ManagersFileTest {
    @TempDir Path dir;

    @Test
    void yamlManagersFileKeyedByNameWithEnvCredentialsWorks() {
        Path managers = write(dir.resolve("managers.yaml"), """
                # committed to git: the credential comes from the environment
                managers:
                  demo:
                    provider: memory
                    config:
                      values:
                        db/password: "{{env|ap_sep_v1|DB_PASSWORD}}"
                    cache: false
                """);
        Path input = write(dir.resolve("app.txt"), "pw={{demo|ap_sep_v1|db/password}}");

        Cli.Result r = Cli.run(Map.of("DB_PASSWORD", "from-env"), "", "resolve", input.toString(), "--managers", managers.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("pw=from-env");
    }

    @Test
    void missingEnvironmentVariableInTheManagersFileIsAConfigError() {
        Path managers = write(dir.resolve("m.json"), """
                {"managers": [{"name": "demo", "provider": "broken", "config": {"token": "{{env|ap_sep_v1|DEMO_TOKEN}}"}}]}
                """);

        Cli.Result r = Cli.run("test", "demo", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("environment variable DEMO_TOKEN is not set").contains("export DEMO_TOKEN");
    }

    @Test
    void onlyEnvReferencesMayBeUsedInsideTheManagersFile() {
        Path managers = write(dir.resolve("m.json"), """
                {"managers": [{"name": "demo", "provider": "broken", "config": {"token": "{{vault|ap_sep_v1|x/y}}"}}]}
                """);

        Cli.Result r = Cli.run("test", "demo", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refers to manager 'vault'").contains("only use {{env|ap_sep_v1|NAME}}");
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnceWithoutValues() {
        Path managers = write(dir.resolve("m.json"), """
                {"managers": [
                  {"name": "a", "provider": "memory", "colour": "hunter2"},
                  {"name": "b", "config": {"token": "hunter2"}},
                  {"name": "c", "provider": "memory", "projects": []},
                  {"name": "d", "provider": "memory", "cache": {"ttl": "soon"}},
                  {"name": "a", "provider": "env"}
                ]}
                """);

        Cli.Result r = Cli.run("test", "a", "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("manager 'a': unknown key(s) [colour]")
                .contains("manager 'b': \"provider\" is missing")
                .contains("manager 'c': \"projects\" must be a non-empty list")
                .contains("manager 'd': cache.ttl is not a duration")
                .contains("manager 'a' is defined twice");
        assertThat(r.err()).doesNotContain("hunter2");
    }

    @Test
    void invalidProviderConfigAndUnknownProviderAreConfigErrors() {
        Path managers = write(dir.resolve("m.json"), """
                {"managers": [
                  {"name": "demo", "provider": "memory", "config": {"valuez": {}}},
                  {"name": "vault", "provider": "hashicorp-typo", "config": {}}
                ]}
                """);
        Path input = write(dir.resolve("a.txt"), "{{demo|ap_sep_v1|x}} {{vault|ap_sep_v1|y}}");

        Cli.Result r = Cli.run("resolve", input.toString(), "--managers", managers.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("INVALID_CONFIG").contains("valuez").contains("UNKNOWN_PROVIDER").contains("hashicorp-typo");
    }

    @Test
    void missingOrBrokenManagersFileIsAUsageError() {
        Path input = write(dir.resolve("a.txt"), "{{demo|ap_sep_v1|x}}");
        Path broken = write(dir.resolve("m.yaml"), "managers:\n  - name: [unclosed\n");

        Cli.Result missing = Cli.run("resolve", input.toString(), "--managers", dir.resolve("none.json").toString());
        Cli.Result invalid = Cli.run("resolve", input.toString(), "--managers", broken.toString());

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("none.json does not exist");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("is not valid YAML at line");
    }
}
