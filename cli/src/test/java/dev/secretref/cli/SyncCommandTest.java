package dev.secretref.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sync`: a space's snapshot as names; values only with --reveal into a 0600 file. */
final class SyncCommandTest {
    @TempDir Path dir;

    @Test
    void syncPrintsTheSnapshotsNamesAndNoValue() throws Exception {
        Path managers = Fixtures.managersFile(dir);

        Cli.Result r = Cli.run("sync", "--source", "demo:", "--managers", managers.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readValue(r.out(), String[].class)).contains("plain", "quotes", "unicode");
        assertThat(r.out()).doesNotContain("s3cr3t", "pässwörd");
    }

    @Test
    void envFormatPrintsOneNamePerLine() {
        Cli.Result r = Cli.run("sync", "--source", "demo:", "--format", "env", "--managers", Fixtures.managersFile(dir).toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).contains("plain", "equals").noneMatch(l -> l.contains("s3cr3t"));
    }

    @Test
    void revealWritesValuesOnlyIntoAnOwnerOnlyFile() throws Exception {
        Path out = dir.resolve("secrets.json");

        Cli.Result r = Cli.run("sync", "--source", "demo:", "--reveal", "--out", out.toString(),
                "--managers", Fixtures.managersFile(dir).toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("s3cr3t");
        @SuppressWarnings("unchecked")
        Map<String, String> written = new ObjectMapper().readValue(Files.readString(out), Map.class);
        assertThat(written).containsEntry("plain", "s3cr3t").containsEntry("unicode", "pässwörd €😀");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void revealWithoutAnOutputFileIsRefused() {
        Cli.Result r = Cli.run("sync", "--source", "demo:", "--reveal", "--managers", Fixtures.managersFile(dir).toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--reveal").contains("--out");
        assertThat(r.out()).doesNotContain("s3cr3t");
    }

    @Test
    void aSourceWithoutManagerIsAUsageError() {
        Cli.Result r = Cli.run("sync", "--source", "no-colon", "--managers", Fixtures.managersFile(dir).toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("MANAGER:PREFIX");
    }

    @Test
    void anUnknownManagerIsAUsageError() {
        Cli.Result r = Cli.run("sync", "--source", "nope:x/", "--managers", Fixtures.managersFile(dir).toString());

        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("nope");
    }
}
