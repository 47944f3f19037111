package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example, its main included, so none can rot; and checks that none prints a secret. */
final class ExamplesRunTest {
    @TempDir Path dir;

    /** Runs {@code main} with stdout captured. */
    private static String mainOutput(ThrowingRunnable main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void resolveConfigMapResolvesWholeAndEmbeddedReferencesAndLeavesTemplates() throws Exception {
        Map<String, Object> config = ResolveConfigMap.run();

        assertThat(config.get("database")).isEqualTo(Map.of("password", "s3cr3t",
                "url", "postgres://app:s3cr3t@db:5432/app", "pool", 10));
        assertThat(config.get("webhooks")).isEqualTo(List.of("https://hooks.slack.example/T000/B000/XXXX"));
        assertThat(config.get("template")).isEqualTo("Hello {{step_1.output}}");
        String out = mainOutput(() -> ResolveConfigMap.main(new String[0]));
        assertThat(out).contains("database.password = ██ (6 characters)").doesNotContain("s3cr3t");
    }

    @Test
    void resolveJsonFileWithJacksonBindsTheResolvedTree() throws Exception {
        ResolveJsonFileWithJackson.PaymentServiceConfig config = ResolveJsonFileWithJackson.run(null);

        assertThat(config.endpoint()).isEqualTo("https://api.payments.example/v2");
        assertThat(config.credentials().apiKey()).isEqualTo("pk_live_51Hq");
        assertThat(config.credentials().webhookSecret()).isEqualTo("whsec_9f8e7d");
        assertThat(config.headers()).containsEntry("Authorization", "Bearer pk_live_51Hq");
        assertThat(config.toString()).doesNotContain("pk_live");
        String out = mainOutput(() -> ResolveJsonFileWithJackson.main(new String[0]));
        assertThat(out).contains("apiKey        = ██").doesNotContain("pk_live").doesNotContain("whsec_");
    }

    @Test
    void resolveJsonFileWithJacksonReadsAFileGivenAsArgument() throws Exception {
        Path file = Files.writeString(dir.resolve("svc.json"), """
                {"endpoint": "https://e", "timeoutSeconds": 1, "credentials": {"apiKey": "{{payments|ap_sep_v1|prod/payments:api_key}}"}, "headers": {}}
                """);

        assertThat(ResolveJsonFileWithJackson.run(file).credentials().apiKey()).isEqualTo("pk_live_51Hq");
    }

    @Test
    void scopedResolutionAllowsOwnAndPlatformManagersOnly() throws Exception {
        Map<String, String> outcomes = ScopedResolutionPerProject.run();

        assertThat(outcomes.values()).containsExactly("resolved ██ (10 characters)", "resolved ██ (13 characters)",
                "SCOPE_DENIED", "SCOPE_DENIED");
        assertThat(mainOutput(() -> ScopedResolutionPerProject.main(new String[0]))).contains("SCOPE_DENIED").doesNotContain("acme-token");
    }

    @Test
    void unitTestingExampleRuns() throws Exception {
        String out = mainOutput(() -> UnitTestingWithInMemoryProvider.main(new String[0]));

        assertThat(out).contains("store calls: 1 (the second came from the cache)")
                .contains("cached key still works; store calls: 1")
                .contains("uncached key during the outage: API key unavailable (SECRET_MANAGER_CONNECTION_FAILED/UNREACHABLE)")
                .doesNotContain("key-v1");
    }

    @Test
    void customProviderIsFoundThroughServiceLoaderAndResolves() throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "db.password=s3cr\\=t\n");

        assertThat(CustomProviderExample.run(file)).isEqualTo("jdbc:postgresql://localhost/app?user=app&password=s3cr=t");
        assertThat(mainOutput(() -> CustomProviderExample.main(new String[0]))).contains("db url = ██").doesNotContain("s3cr3t");
    }

    @Test
    void providerExamplesExplainWhatToSetWhenTheirVariablesAreAbsent() throws Exception {
        // Each main either runs against a real store (variables set) or says which variables to set.
        for (ThrowingRunnable main : List.<ThrowingRunnable>of(
                () -> AwsSecretsManagerExample.main(new String[0]), () -> HashiCorpVaultExample.main(new String[0]),
                () -> ConjurExample.main(new String[0]), () -> OnePasswordExample.main(new String[0]))) {
            assertThat(mainOutput(main)).matches("(?s)(Set .* to run this example\\.|\\{\\{.*\\}\\} resolved: ██ .*)\\R");
        }
    }
}
