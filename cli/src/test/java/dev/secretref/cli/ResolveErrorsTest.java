package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `resolve` does when something is wrong: exit code, stderr with code, reason and line, and no output. */
final class ResolveErrorsTest {
    @TempDir Path dir;

    private Cli.Result resolve(String fileName, String text, String... more) {
        Path managers = Fixtures.managersFile(dir);
        Path input = Fixtures.write(dir.resolve(fileName), text);
        String[] args = new String[4 + more.length];
        args[0] = "resolve";
        args[1] = input.toString();
        args[2] = "--managers";
        args[3] = managers.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void referenceToAMissingManagerFailsWithItsLineAndTheManagersDefined() {
        Cli.Result r = resolve("app.json", "{\n  \"a\": \"" + ref("plain") + "\",\n  \"b\": \"{{nope|ap_sep_v1|db/password}}\"\n}\n");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("app.json line 3: cannot resolve {{nope|ap_sep_v1|db/password}}")
                .contains("VALIDATION / UNKNOWN_MANAGER").contains("managers in ").contains(": demo")
                .contains("check: ");
        assertThat(r.err()).doesNotContain("s3cr3t");
    }

    @Test
    void malformedReferenceReportsItsLineNumber() {
        Cli.Result r = resolve("app.yaml", "# header\na: \"" + ref("plain") + "\"\nb: ok\nc: \"{{demo|ap_sep_v1|db/password\"\n");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("app.yaml: malformed secret reference at line 4: it is not closed with }}");
    }

    @Test
    void malformedReferenceInAMultiLineValueReportsTheLineItIsOn() {
        Cli.Result r = resolve("notes.txt", "one\ntwo {{demo|ap_sep_v1|plain}}\nthree\nfour {{|ap_sep_v1|x}}\n");
        Cli.Result props = resolve("a.properties", "a=1\nb = first \\\n   second {{demo|ap_sep_v1| }}\n");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 4: it has an empty manager name");
        assertThat(props.code()).isEqualTo(1);
        assertThat(props.err()).contains("line 3: it has an empty path");
    }

    @Test
    void missingSecretFailsWithCodeReasonPathAndWhatToCheck() {
        Cli.Result r = resolve("app.env", "A=" + ref("plain") + "\n# c\nB=" + ref("db/nothing-here") + "\n");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("line 3: cannot resolve {{demo|ap_sep_v1|db/nothing-here}}")
                .contains("SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND (manager demo, provider memory, path db/nothing-here)")
                .contains("check: the path exists");
        assertThat(r.err()).doesNotContain("s3cr3t");
    }

    @Test
    void aFailureWritesNoOutputFile() {
        Path out = dir.resolve("out.json");

        Cli.Result r = resolve("app.json", "{\"b\": \"" + ref("missing") + "\"}", "--out", out.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void outFileIsOwnerOnlyEvenWhenItReplacesAWorldReadableFile() throws Exception {
        Path out = dir.resolve("rendered.json");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result r = resolve("app.json", "{\"a\": \"" + ref("plain") + "\"}", "--out", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("{\"a\": \"s3cr3t\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void projectScopedManagerNeedsItsProject() {
        Path managers = Fixtures.managersFile(dir, List.of(Map.of("name", "billing", "provider", "memory",
                "config", Map.of("values", Map.of("k", "v")), "projects", List.of("billing-app"))));
        Path input = Fixtures.write(dir.resolve("a.txt"), "{{billing|ap_sep_v1|k}}");

        Cli.Result without = Cli.run("resolve", input.toString(), "--managers", managers.toString());
        Cli.Result with = Cli.run("resolve", input.toString(), "--managers", managers.toString(), "--project", "billing-app");

        assertThat(without.code()).isEqualTo(1);
        assertThat(without.err()).contains("SCOPE_DENIED");
        assertThat(with.code()).as(with.err()).isZero();
        assertThat(with.out()).isEqualTo("v");
    }

    @Test
    void unreadableOrInvalidInputIsAUsageError() {
        Cli.Result missing = Cli.run("resolve", dir.resolve("nope.json").toString());
        Cli.Result badJson = resolve("bad.json", "{\n  \"a\": \"" + ref("plain") + "\",\n  oops\n}");
        Cli.Result badEnv = resolve("bad.env", "A=1\njust words\n");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: no such file");
        assertThat(badJson.code()).isEqualTo(2);
        assertThat(badJson.err()).contains("is not valid JSON at line 3");
        assertThat(badEnv.code()).isEqualTo(2);
        assertThat(badEnv.err()).contains("not KEY=value at line 2");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(Cli.run().code()).isEqualTo(2);
        assertThat(Cli.run("resolve").code()).isEqualTo(2);
        assertThat(Cli.run("resolve", "a.json", "--format", "toml").code()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").code()).isEqualTo(2);
        assertThat(Cli.run("--help").code()).isZero();
    }
}
