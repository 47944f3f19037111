package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: the faults a probing user found in the CLI, each pinned. */
final class HardeningTest {
    @TempDir Path dir;

    private Cli.Result resolve(String fileName, String text, List<Map<String, Object>> extraManagers, String... more) {
        Path managers = Fixtures.managersFile(dir, extraManagers);
        Path input = Fixtures.write(dir.resolve(fileName), text);
        String[] args = new String[4 + more.length];
        args[0] = "resolve";
        args[1] = input.toString();
        args[2] = "--managers";
        args[3] = managers.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    private Cli.Result resolve(String fileName, String text, String... more) {
        return resolve(fileName, text, List.of(), more);
    }

    private static Map<String, Object> manager(String name, String provider, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("provider", provider);
        m.put("config", config);
        return m;
    }

    /** #5: only the reference's bytes change; the user's quoting, interpolation and escapes stay. */
    @Nested
    final class DotenvKeepsTheUsersText {
        @Test
        void doubleQuotedValuesKeepTheirInterpolationAndEscapes() {
            Cli.Result r = resolve(".env", "C=\"user $USER " + ref("plain") + "\"\n"
                    + "D=\"\\$HOME ${X} " + ref("dollar") + "\" # note\n"
                    + "E=\"a\\tb " + ref("quotes") + "\"\n");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("C=\"user $USER s3cr3t\"\n"
                    + "D=\"\\$HOME ${X} \\$HOME and \\${PATH}\" # note\n"
                    + "E=\"a\\tb he said \\\"hi\\\" and 'bye'\"\n");
        }

        @Test
        void singleQuotedAndUnquotedValuesKeepTheirText() {
            Cli.Result r = resolve(".env", "A='$HOME " + ref("plain") + "'\n"
                    + "B=$HOME/" + ref("plain") + "   # comment\n"
                    + "export C=" + ref("plain") + "\n");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("A='$HOME s3cr3t'\nB=$HOME/s3cr3t   # comment\nexport C=s3cr3t\n");
        }

        @Test
        void aSecretTheQuotingCannotHoldRequotesTheValueAndKeepsWhatItMeans() {
            Cli.Result r = resolve(".env", "A=user $USER " + ref("spaces") + "\n"
                    + "B='$HOME " + ref("quotes") + "'\n"
                    + "C=" + ref("hash") + "\n");

            assertThat(r.code()).as(r.err()).isZero();
            // unquoted $USER interpolates, and still does in double quotes; single-quoted $HOME stays literal
            assertThat(r.out()).isEqualTo("A=\"user $USER   padded  \"\n"
                    + "B=\"\\$HOME he said \\\"hi\\\" and 'bye'\"\n"
                    + "C='a # not a comment #x'\n");
            Map<String, String> env = DotenvReader.read(r.out());
            assertThat(env.get("B")).isEqualTo("$HOME he said \"hi\" and 'bye'");
            assertThat(env.get("C")).isEqualTo("a # not a comment #x");
        }
    }

    /** #4: durations are bounded; a too-long one is a configuration error (exit 2), not "unexpected". */
    @Test
    void overflowingDurationsAreConfigurationErrors() {
        Map<String, Object> cached = manager("cached", "memory", Map.of("values", Map.of("k", "v")));
        cached.put("cache", Map.of("ttl", "9999999999999999d", "maxStale", "PT2562047788015215H"));
        Cli.Result cache = resolve("a.txt", "{{cached|ap_sep_v1|k}}", List.of(cached));
        Cli.Result provider = resolve("b.txt", "{{slow|ap_sep_v1|k}}", List.of(manager("slow", "aws",
                Map.of("region", "eu-west-1", "readTimeout", "9999999999999999d"))));

        assertThat(cache.code()).as(cache.err()).isEqualTo(2);
        assertThat(cache.err()).contains("cache.ttl is longer than the maximum of 365 days")
                .contains("cache.maxStale is longer than the maximum of 365 days").doesNotContain("unexpected");
        assertThat(provider.code()).as(provider.err()).isEqualTo(2);
        assertThat(provider.err()).contains("VALIDATION / INVALID_CONFIG").contains("readTimeout is longer than the maximum of 365 days")
                .doesNotContain("9999999999999999").doesNotContain("unexpected");
    }

    /** #2 in the managers file: cache settings that fail a check are named by key, never quoted. */
    @Test
    void badCacheSettingsAreNamedByKeyWithoutTheirValues() {
        Map<String, Object> cached = manager("cached", "memory", Map.of("values", Map.of("k", "v")));
        cached.put("cache", Map.of("ttl", "0s", "maximumSize", "-7", "errorBackoff", "9m", "errorBackoffMax", "8m"));

        Cli.Result r = resolve("a.txt", "{{cached|ap_sep_v1|k}}", List.of(cached));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cache.ttl must be longer than zero").doesNotContain("PT0S");
        Map<String, Object> combination = manager("c2", "memory", Map.of());
        combination.put("cache", Map.of("maximumSize", "-7", "errorBackoff", "9m", "errorBackoffMax", "8m"));
        Cli.Result r2 = resolve("b.txt", "{{c2|ap_sep_v1|k}}", List.of(combination));
        assertThat(r2.code()).isEqualTo(2);
        // the message names the managers file, whose random temporary directory may itself hold "-7"
        assertThat(r2.err().replace(dir.toString(), "<dir>")).contains("invalid cache settings").doesNotContain("-7")
                .doesNotContain("PT9M");
    }

    /** #2: a URL that fails validation is never quoted, whatever form its password takes. */
    @Test
    void aUrlWithAPasswordIsNeverQuoted() {
        Cli.Result r = resolve("a.txt", "{{v|ap_sep_v1|secret/data/a/b}}", List.of(manager("v", "hashicorp",
                Map.of("url", "https://admin:P4SSW0RD@x@vault:8200", "token", "t"))));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("url must not hold user:password@").doesNotContain("P4SSW0RD");
    }

    /** #7: a reference of a megabyte is quoted as 200 characters and an ellipsis, wherever it is echoed. */
    @Test
    void aHugeUnknownPathIsCutInEveryMessage() {
        String path = "p".repeat(1_000_000);
        Cli.Result missing = resolve("a.txt", "{{demo|ap_sep_v1|" + path + "}}");
        Cli.Result env = resolve("b.txt", "{{env|ap_sep_v1|" + "E".repeat(1_000_000) + "}}",
                List.of(manager("env", "env", Map.of())));
        Cli.Result manager = resolve("c.txt", "{{" + "m".repeat(1_000_000) + "|ap_sep_v1|x}}");

        for (Cli.Result r : List.of(missing, env, manager)) {
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().length()).as(r.err().substring(0, Math.min(2_000, r.err().length()))).isLessThan(8_000);
            assertThat(r.err()).contains("…");
        }
    }

    /** #9: a directory as --out is a usage error found before any secret is fetched. */
    @Test
    void outMustNameAFileInAnExistingDirectory() {
        Cli.Result root = resolve("a.txt", ref("plain"), "--out", "/");
        Cli.Result dirOut = resolve("b.txt", ref("plain"), "--out", dir.toString());
        Cli.Result noDir = resolve("c.txt", ref("plain"), "--out", dir.resolve("no/such/dir/x.txt").toString());

        assertThat(root.code()).isEqualTo(2);
        assertThat(root.err()).contains("--out / is a directory").doesNotContain("unexpected").doesNotContain("Exception");
        assertThat(dirOut.code()).isEqualTo(2);
        assertThat(noDir.code()).isEqualTo(2);
        assertThat(noDir.err()).contains("its directory does not exist");
    }

    /** #6: parser limits are reported as limits, with the option that raises them. */
    @Nested
    final class ParserLimits {
        @Test
        void jsonNestedDeeperThanTheLimitSaysSoAndHowToRaiseIt() {
            String deep = "[".repeat(1_001) + "\"" + ref("plain") + "\"" + "]".repeat(1_001);

            Cli.Result r = resolve("a.json", deep);

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("is nested deeper than 1000 levels (a limit, not a syntax error)")
                    .contains("-Dsecretref.maxNestingDepth=10000").doesNotContain("not valid JSON");
        }

        @Test
        void yamlNestedDeeperThanSnakeYamlsDefaultOf50Resolves() {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < 100; i++) yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
            yaml.append("  ".repeat(100)).append("v: \"").append(ref("plain")).append("\"\n");

            Cli.Result r = resolve("a.yaml", yaml.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("v: \"s3cr3t\"");
        }

        @Test
        void yamlOverSnakeYamlsDefault3MCodePointsResolves() {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 35_000; i++) lines.append(String.format("k%06d: %s%n", i, "x".repeat(90)));
            String big = lines + "v: \"" + ref("plain") + "\"\n";

            Cli.Result r = resolve("a.yaml", big);

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().length()).isEqualTo(big.length() - ref("plain").length() + "s3cr3t".length());
            assertThat(r.out().substring(r.out().length() - 12)).isEqualTo("v: \"s3cr3t\"\n");
        }

        @Test
        void limitsAreRaisedBySystemProperties() {
            String json = "{\"a\": \"" + "x".repeat(2_000) + "\", \"b\": \"" + ref("plain") + "\"}";
            String yaml = "a: " + "x".repeat(50) + "\n".repeat(40) + "b: \"" + ref("plain") + "\"\n" + "c: some text\n".repeat(1_000);
            Cli.Result longString;
            Cli.Result longYaml;
            System.setProperty(InputLimits.STRING_LENGTH, "1000");
            System.setProperty(InputLimits.YAML_CODE_POINTS, "1000");
            try {
                longString = resolve("a.json", json);
                longYaml = resolve("a.yaml", yaml);
            } finally {
                System.clearProperty(InputLimits.STRING_LENGTH);
                System.clearProperty(InputLimits.YAML_CODE_POINTS);
            }
            assertThat(longString.code()).isEqualTo(2);
            assertThat(longString.err()).contains("has a string longer than 1000 characters")
                    .contains("-Dsecretref.maxStringLength=10000");
            assertThat(longYaml.code()).isEqualTo(2);
            assertThat(longYaml.err()).contains("is longer than 1000 code points").contains("-Dsecretref.maxYamlCodePoints=10000");
            assertThat(resolve("a.json", json).code()).isZero();
        }
    }
}
