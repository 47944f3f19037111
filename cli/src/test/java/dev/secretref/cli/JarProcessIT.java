package dev.secretref.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as a user does, {@code java -jar cli/target/secretref.jar ...}, in a separate
 * process (failsafe runs this after the package phase): exit codes, stdout, stderr, file permissions.
 */
final class JarProcessIT {
    private static final Path JAR = Path.of(System.getProperty("secretref.jar", "target/secretref.jar")).toAbsolutePath();
    private static final Path REPO = Path.of(System.getProperty("secretref.checkout", "..")).toAbsolutePath().normalize();

    @TempDir Path dir;

    record Run(int code, String out, String err) { }

    private static Run run(Path workDir, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        Collections.addAll(cmd, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("DEMO_DB_PASSWORD");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("secretref-out", ".txt");
        Path err = Files.createTempFile("secretref-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("secretref finished").isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void theReadmeMainJobPrintsTheDemoConfigResolved() throws Exception {
        Run r = run(REPO, Map.of("DEMO_DB_PASSWORD", "s3cr3t"), "",
                "resolve", "examples/demo/app-config.json", "--managers", "examples/demo/managers.json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode config = new ObjectMapper().readTree(r.out());
        assertThat(config.at("/database/password").asText()).isEqualTo("s3cr3t");
        assertThat(config.at("/database/user").asText()).isEqualTo("orders_app");
        assertThat(config.at("/slack/authorization").asText()).isEqualTo("Bearer xoxb-demo-1234-5678");
        assertThat(config.at("/workflow/greeting").asText()).startsWith("Hello {{step_1.output}}");
        // layout kept: the output is the input with only the references replaced
        String input = Files.readString(REPO.resolve("examples/demo/app-config.json"));
        assertThat(r.out().lines().count()).isEqualTo(input.lines().count());
    }

    @Test
    void unsetEnvironmentVariableExitsOneWithTheLineAndWhatToCheck() throws Exception {
        Run r = run(REPO, Map.of(), "", "resolve", "examples/demo/app-config.json", "--managers", "examples/demo/managers.json");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("app-config.json line 6: cannot resolve {{env|ap_sep_v1|DEMO_DB_PASSWORD}}")
                .contains("SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND").contains("export DEMO_DB_PASSWORD");
        assertThat(r.err()).doesNotContain("orders_app").doesNotContain("xoxb-demo");
    }

    @Test
    void missingManagerAndMalformedReferenceExitOneWithLineNumbers() throws Exception {
        Path managers = Fixtures.managersFile(dir);
        Path missing = Fixtures.write(dir.resolve("a.yaml"), "a: 1\nb: \"{{prod|ap_sep_v1|db/password}}\"\n");
        Path malformed = Fixtures.write(dir.resolve("b.properties"), "# c\n\na=1\nb={{demo|ap_sep_v1|plain\n");

        Run r1 = run(dir, Map.of(), "", "resolve", missing.toString(), "--managers", managers.toString());
        Run r2 = run(dir, Map.of(), "", "resolve", malformed.toString(), "--managers", managers.toString());

        assertThat(r1.code()).isEqualTo(1);
        assertThat(r1.err()).contains("line 2: cannot resolve {{prod|ap_sep_v1|db/password}}").contains("UNKNOWN_MANAGER");
        assertThat(r2.code()).isEqualTo(1);
        assertThat(r2.err()).contains("malformed secret reference at line 4");
    }

    @Test
    void standardInputToAnOwnerOnlyOutFile() throws Exception {
        Path managers = Fixtures.managersFile(dir);
        Path out = dir.resolve("rendered.yaml");

        Run r = run(dir, Map.of(), "password: \"{{demo|ap_sep_v1|quotes}}\"  # kept\n",
                "resolve", "-", "--format", "yaml", "--out", out.toString(), "--managers", managers.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("password: \"he said \\\"hi\\\" and 'bye'\"  # kept\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Run noArgs = run(dir, Map.of(), "");
        Run missingFile = run(dir, Map.of(), "", "resolve", "nope.json");
        Run badOption = run(dir, Map.of(), "", "list");

        assertThat(noArgs.code()).isEqualTo(2);
        assertThat(noArgs.err()).contains("Usage: secretref");
        assertThat(missingFile.code()).isEqualTo(2);
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).contains("Missing required parameter");
    }

    @Test
    void versionComesFromTheManifest() throws Exception {
        Run r = run(dir, Map.of(), "", "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("secretref 0.1.0");
    }

    @Test
    void theJarCarriesEveryProviderOfItsClassPathAndLists() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/dev.secretref.spi.SecretProviderFactory"))) {
            try (InputStream in = url.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(expected::add);
            }
        }
        expected.remove(BrokenProviderFactory.class.getName());   // a test-only provider
        expected.remove(FileStoreProviderFactory.class.getName());   // a test-only provider
        Set<String> inJar = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/dev.secretref.spi.SecretProviderFactory"))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(inJar::add);
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("dev.secretref.cli");
        }
        assertThat(inJar).isEqualTo(expected);

        Run r = run(dir, Map.of(), "", "providers", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).contains("env", "memory").hasSize(expected.size());
    }

    @Test
    void logsStayQuietByDefault() throws IOException, Exception {
        Run r = run(dir, Map.of(), "", "providers");

        assertThat(r.err()).isEmpty();
    }
}
