package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.SECRETS;
import static dev.secretref.cli.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each format keeps its layout, order and comments, and each resolved value, however awkward (quotes,
 * line breaks, #, backslashes, $, non-ASCII, control characters), reads back as exactly the secret when
 * the output is parsed by that format's own parser.
 */
final class FormatRoundTripTest {
    @TempDir Path dir;

    private Cli.Result resolve(String fileName, String text) {
        Path managers = Fixtures.managersFile(dir);
        Path input = Fixtures.write(dir.resolve(fileName), text);
        return Cli.run("resolve", input.toString(), "--managers", managers.toString());
    }

    @Test
    void jsonValuesReadBackExactlyAndCommentsAndOrderStay() throws Exception {
        StringBuilder in = new StringBuilder("{\n  // deploy-time config\n  \"literal\": \"{{step_1.output}}\",\n");
        for (String name : SECRETS.keySet()) {
            in.append("  \"k_").append(name).append("\": \"").append(ref(name)).append("\",\n");
        }
        in.append("  \"{{demo|ap_sep_v1|plain}}\": \"keys are not resolved\",\n");
        in.append("  \"nested\": {\"list\": [1, \"x-").append(ref("quotes")).append("-").append(ref("plain")).append("\"]}\n}\n");

        Cli.Result r = resolve("config.json", in.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\n  // deploy-time config\n  \"literal\": \"{{step_1.output}}\",\n");
        JsonNode tree = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build().readTree(r.out());
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(tree.get("k_" + e.getKey()).textValue()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(tree.get("{{demo|ap_sep_v1|plain}}").textValue()).isEqualTo("keys are not resolved");
        assertThat(tree.at("/nested/list/1").textValue()).isEqualTo("x-" + SECRETS.get("quotes") + "-s3cr3t");
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) keys.add(it.next());
        assertThat(keys.get(0)).isEqualTo("literal");
        assertThat(keys.get(1)).isEqualTo("k_plain");
        assertThat(keys.get(keys.size() - 1)).isEqualTo("nested");
    }

    @Test
    void yamlValuesReadBackExactlyAndCommentsAnchorsAndBlocksStay() throws Exception {
        StringBuilder in = new StringBuilder("# deploy-time config\nliteral: \"{{step_1.output}}\"\n");
        for (String name : SECRETS.keySet()) {
            in.append("k_").append(name).append(": \"").append(ref(name)).append("\"   # ").append(name).append('\n');
        }
        in.append("single: '").append(ref("plain")).append("'\n");
        in.append("bare: x").append(ref("plain")).append("\n");
        in.append("url: postgres://app:").append(ref("plain")).append("@db/app\n");
        in.append("anchored: &pw \"").append(ref("quotes")).append("\"\n");
        in.append("alias: *pw\n");
        in.append("flow: {a: \"").append(ref("hash")).append("\", b: [\"").append(ref("newlines")).append("\"]}\n");
        in.append("block: |\n  first ").append(ref("plain")).append("\n  second\nafter: kept\n");
        in.append("list:\n  - \"").append(ref("yamlish")).append("\"\n  - plain item\n");

        Cli.Result r = resolve("config.yaml", in.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# deploy-time config\nliteral: \"{{step_1.output}}\"\nk_plain: \"s3cr3t\"   # plain\n");
        assertThat(r.out()).contains("\nbare: xs3cr3t\n");
        assertThat(r.out()).contains("   # unicode\n").contains("anchored: &pw ").contains("alias: *pw\n");
        JsonNode tree = new YAMLMapper().readTree(r.out());
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(tree.get("k_" + e.getKey()).textValue()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(tree.get("single").textValue()).isEqualTo("s3cr3t");
        assertThat(tree.get("url").textValue()).isEqualTo("postgres://app:s3cr3t@db/app");
        // Jackson does not follow aliases; SnakeYAML (under jackson-dataformat-yaml) does
        Map<?, ?> snake = new org.yaml.snakeyaml.Yaml().load(r.out());
        assertThat(snake.get("alias")).isEqualTo(SECRETS.get("quotes"));
        assertThat(snake.get("k_control")).isEqualTo(SECRETS.get("control"));
        assertThat(tree.at("/flow/a").textValue()).isEqualTo(SECRETS.get("hash"));
        assertThat(tree.at("/flow/b/0").textValue()).isEqualTo(SECRETS.get("newlines"));
        assertThat(tree.get("block").textValue()).isEqualTo("first s3cr3t\nsecond\n");
        assertThat(tree.get("after").textValue()).isEqualTo("kept");
        assertThat(tree.at("/list/0").textValue()).isEqualTo(SECRETS.get("yamlish"));
        assertThat(tree.at("/list/1").textValue()).isEqualTo("plain item");
    }

    @Test
    void propertiesValuesReadBackExactlyAndCommentsStay() throws Exception {
        StringBuilder in = new StringBuilder("# deploy-time config\n! another comment {{demo|ap_sep_v1|plain}}\nliteral={{step_1.output}}\n");
        for (String name : SECRETS.keySet()) {
            in.append("k_").append(name).append(" = ").append(ref(name)).append('\n');
        }
        in.append("colon:").append(ref("plain")).append('\n');
        in.append("continued = jdbc:postgresql://db/app?user=app&\\\n    password=").append(ref("backslash")).append('\n');
        in.append("escaped\\ key=").append(ref("plain"));   // no final newline

        Cli.Result r = resolve("app.properties", in.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# deploy-time config\n! another comment {{demo|ap_sep_v1|plain}}\nliteral={{step_1.output}}\nk_plain = s3cr3t\n");
        Properties p = new Properties();
        p.load(new StringReader(r.out()));
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(p.getProperty("k_" + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(p.getProperty("literal")).isEqualTo("{{step_1.output}}");
        assertThat(p.getProperty("colon")).isEqualTo("s3cr3t");
        assertThat(p.getProperty("continued")).isEqualTo("jdbc:postgresql://db/app?user=app&password=" + SECRETS.get("backslash"));
        assertThat(p.getProperty("escaped key")).isEqualTo("s3cr3t");
    }

    @Test
    void dotenvValuesReadBackExactlyAndCommentsStay() {
        StringBuilder in = new StringBuilder("# deploy-time config\nLITERAL={{step_1.output}}\n\n");
        for (String name : SECRETS.keySet()) {
            in.append("K_").append(name.toUpperCase()).append('=').append(ref(name)).append(" # ").append(name).append('\n');
        }
        in.append("export URL=\"postgres://app:").append(ref("plain")).append("@db/app\"\n");
        in.append("SINGLE='").append(ref("plain")).append("'\n");
        in.append("MULTI=\"first\n").append(ref("quotes")).append("\"\n");

        Cli.Result r = resolve(".env", in.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# deploy-time config\nLITERAL={{step_1.output}}\n\nK_PLAIN=s3cr3t # plain\n");
        Map<String, String> env = DotenvReader.read(r.out());
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(env.get("K_" + e.getKey().toUpperCase())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(env.get("URL")).isEqualTo("postgres://app:s3cr3t@db/app");
        assertThat(env.get("SINGLE")).isEqualTo("s3cr3t");
        assertThat(env.get("MULTI")).isEqualTo("first\n" + SECRETS.get("quotes"));
        assertThat(env.get("LITERAL")).isEqualTo("{{step_1.output}}");
    }

    @Test
    void escapesAndCharactersOutsideTheBmpBeforeAReferenceDoNotShiftIt() throws Exception {
        String json = "{\"😀 key\": \"🔐 \\u00e9\\t\\\"q\\\" " + ref("plain") + " ✓\", \"b\": \"" + ref("quotes") + "\"}";
        String yaml = "emoji: 😀🔐\nkey: \"🔐 \\u00e9 " + ref("plain") + " ✓\"\nb: " + "x" + ref("plain") + "\n";

        Cli.Result j = resolve("e.json", json);
        Cli.Result y = resolve("e.yaml", yaml);

        assertThat(j.code()).as(j.err()).isZero();
        JsonNode jt = new JsonMapper().readTree(j.out());
        assertThat(jt.get("😀 key").textValue()).isEqualTo("🔐 é\t\"q\" s3cr3t ✓");
        assertThat(jt.get("b").textValue()).isEqualTo(SECRETS.get("quotes"));
        assertThat(y.code()).as(y.err()).isZero();
        JsonNode yt = new YAMLMapper().readTree(y.out());
        assertThat(yt.get("key").textValue()).isEqualTo("🔐 é s3cr3t ✓");
        assertThat(yt.get("b").textValue()).isEqualTo("xs3cr3t");
        assertThat(y.out()).startsWith("emoji: 😀🔐\n");
    }

    @Test
    void plainTextGetsEachReferenceReplacedVerbatim() {
        String in = "user={{demo|ap_sep_v1|plain}}\r\n  token: Bearer {{ demo |ap_sep_v1| quotes }}!\n{{step_1.output}}\n";

        Cli.Result r = resolve("notes.txt", in);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("user=s3cr3t\r\n  token: Bearer " + SECRETS.get("quotes") + "!\n{{step_1.output}}\n");
    }

    @Test
    void aFileWithoutReferencesIsCopiedAsItIsWithoutAManagersFile() {
        Path input = Fixtures.write(dir.resolve("plain.yaml"), "# nothing here\na: b   # {{x}}\n");

        Cli.Result r = Cli.run("resolve", input.toString(), "--managers", dir.resolve("absent.json").toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("# nothing here\na: b   # {{x}}\n");
    }

    @Test
    void standardInputIsPlainTextUnlessFormatSaysOtherwise() throws Exception {
        Path managers = Fixtures.managersFile(dir);
        String json = "{\"a\": \"" + ref("quotes") + "\"}";

        Cli.Result asJson = Cli.run(Map.of(), json, "resolve", "-", "--format", "json", "--managers", managers.toString());
        Cli.Result asText = Cli.run(Map.of(), "x=" + ref("plain"), "resolve", "-", "--managers", managers.toString());

        assertThat(asJson.code()).as(asJson.err()).isZero();
        assertThat(new JsonMapper().readTree(asJson.out()).get("a").textValue()).isEqualTo(SECRETS.get("quotes"));
        assertThat(asText.out()).isEqualTo("x=s3cr3t");
    }
}
