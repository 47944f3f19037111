package dev.secretref.cli;

import static dev.secretref.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `put` and `delete`: values from files or standard input only, references printed, failures explained, no value echoed. */
final class WriteCommandsTest {
    private static final String SECRET = "tok-\"quoted\" ünïcode 🔐\nsecond line";

    @TempDir Path dir;

    private Path managers(Map<String, Object> extraConfig) {
        Path store = dir.resolve("store");
        Map<String, Object> config = new java.util.LinkedHashMap<>(Map.of("dir", store.toString()));
        config.putAll(extraConfig);
        return Fixtures.managersFile(dir, List.of(Map.of("name", "vault", "provider", "filestore", "config", config)));
    }

    @Test
    void putReadsFilesAndStdinAndPrintsTheReferences() throws Exception {
        Path m = managers(Map.of());
        Path tokenFile = write(dir.resolve("token.txt"), SECRET);

        Cli.Result r = Cli.run(Map.of(), "refresh-from-stdin\n", "put", "vault", "conn-1", "token=@" + tokenFile, "refresh=-",
                "--strip-newline", "--managers", m.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("token\t{{vault|ap_sep_v1|conn-1/token}}\nrefresh\t{{vault|ap_sep_v1|conn-1/refresh}}\n");
        assertThat(r.out() + r.err()).doesNotContain("refresh-from-stdin").doesNotContain("second line");
        assertThat(Files.readString(dir.resolve("store/conn-1/token"))).isEqualTo(SECRET);
        assertThat(Files.readString(dir.resolve("store/conn-1/refresh"))).isEqualTo("refresh-from-stdin");
    }

    @Test
    void valuesAreKeptExactlyWithoutStripNewline() throws Exception {
        Path m = managers(Map.of());
        Cli.Result r = Cli.run(Map.of(), "line\n", "put", "vault", "conn-2", "v=-", "--managers", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("store/conn-2/v"))).isEqualTo("line\n");
    }

    @Test
    void aLiteralValueIsRefusedWithoutEchoingIt() {
        Path m = managers(Map.of());
        Cli.Result r = Cli.run("put", "vault", "conn-3", "password=hunter2-literal", "--managers", m.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("field 'password': values are never taken from the command line")
                .contains("password=@FILE").doesNotContain("hunter2-literal");
        assertThat(dir.resolve("store/conn-3")).doesNotExist();
    }

    @Test
    void usageErrorsNameTheProblem() {
        Path m = managers(Map.of());
        assertThat(Cli.run(Map.of(), "x", "put", "vault", "conn-4", "a=-", "b=-", "--managers", m.toString()).err())
                .contains("more than one field reads standard input");
        assertThat(Cli.run("put", "vault", "conn-4", "a=@" + dir.resolve("missing"), "--managers", m.toString()).err())
                .contains("cannot read");
        assertThat(Cli.run("put", "vault", "bad name", "a=@x", "--managers", m.toString()).code()).isEqualTo(2);
        Cli.Result nobody = Cli.run("put", "nobody", "conn-4", "a=@x", "--managers", m.toString());
        assertThat(nobody.err()).contains("no manager 'nobody'");
    }

    @Test
    void aReadOnlyManagerAndAStoreRefusalAreReported() throws Exception {
        Path value = write(dir.resolve("v"), "value-of-the-denied-field");
        Cli.Result readOnly = Cli.run("put", "vault", "conn-5", "t=@" + value, "--managers", managers(Map.of("readOnly", "true")).toString());
        assertThat(readOnly.code()).isEqualTo(1);
        assertThat(readOnly.err()).contains("VALIDATION / UNSUPPORTED");

        Cli.Result denied = Cli.run("put", "vault", "conn-5", "denied=@" + value, "--managers", managers(Map.of()).toString());
        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.err()).contains("SECRET_MANAGER_WRITE_FAILED / ACCESS_DENIED").doesNotContain("value-of-the-denied-field");
    }

    @Test
    void deleteRemovesTheCredentialAndAnAbsentOneIsNoError() throws Exception {
        Path m = managers(Map.of());
        Path value = write(dir.resolve("v"), "x");
        assertThat(Cli.run("put", "vault", "conn-6", "t=@" + value, "--managers", m.toString()).code()).isZero();

        Cli.Result r = Cli.run("delete", "vault", "conn-6", "--managers", m.toString());
        Cli.Result again = Cli.run("delete", "vault", "conn-6", "--managers", m.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("deleted conn-6 from vault\n");
        assertThat(again.code()).isZero();
        assertThat(dir.resolve("store/conn-6")).doesNotExist();
    }
}
