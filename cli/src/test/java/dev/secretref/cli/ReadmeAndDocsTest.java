package dev.secretref.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root README is what a newcomer runs first: its two set-up commands, the CI script that runs the second,
 * the module table against the BOM, and every link of the README and {@code docs/} pointing at a file that exists.
 */
final class ReadmeAndDocsTest {
    private static final Path REPO = Path.of(System.getProperty("secretref.checkout", "..")).toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static String read(String file) throws IOException {
        return Files.readString(REPO.resolve(file), StandardCharsets.UTF_8);
    }

    /** The command lines of the README's first {@code bash} block: not blank, not comments. */
    private static List<String> setUpCommands() throws IOException {
        String readme = read("README.md");
        int start = readme.indexOf("```bash\n");
        int end = readme.indexOf("```", start + 8);
        return readme.substring(start + 8, end).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void theReadmeHasExactlyTwoSetUpCommandsAndCiRunsTheSecond() throws IOException {
        List<String> commands = setUpCommands();
        List<String> ci = read(".ci/run").lines().filter(l -> l.startsWith("mvn ")).toList();

        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).contains("java -jar cli/target/secretref.jar resolve examples/demo/app-config.json "
                + "--managers examples/demo/managers.json");
        assertThat(commands.get(1)).isEqualTo("mvn -B -ntp verify -Dsecretref.requireServices=true");
        assertThat(ci).containsExactly(commands.get(1));
    }

    @Test
    void theQuickStartBuildPrintsNoColourCodesBeforeTheJson() throws IOException {
        String build = setUpCommands().get(0);

        // Maven's colour reset (ESC[0m) reaches stdout even under -q unless both are set (Maven 3.8 with jansi 2.4)
        assertThat(build).startsWith("mvn ").contains(" -q ").contains("-Dstyle.color=never").doesNotContain(" install");
        assertThat(read(".mvn/jvm.config")).contains("-Djansi.noreset=true");
    }

    @Test
    void theReadmeStaysShortAndListsEveryModuleOfTheBom() throws IOException {
        String readme = read("README.md");
        Matcher artifact = Pattern.compile("<artifactId>(secretref-[a-z-]+)</artifactId>").matcher(read("bom/pom.xml"));
        List<String> published = new ArrayList<>();
        while (artifact.find()) published.add(artifact.group(1));

        assertThat(readme.lines().count()).isLessThanOrEqualTo(300);
        assertThat(published).isNotEmpty().allSatisfy(a -> assertThat(readme).contains("| `" + a + "` |"));
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsPointsAtAFile() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")) continue;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!Files.exists(page.getParent().resolve(file))) broken.add(REPO.relativize(page) + " -> " + target);
            }
        }
        assertThat(pages).hasSizeGreaterThan(10);
        assertThat(broken).isEmpty();
    }
}
