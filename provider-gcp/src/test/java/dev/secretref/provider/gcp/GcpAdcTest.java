package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Application Default Credentials through {@code GOOGLE_APPLICATION_CREDENTIALS}
 * (https://cloud.google.com/docs/authentication/application-default-credentials): the build points it at a file this
 * test writes (a service account key whose token_uri is {@link FakeSecretManager}'s) and sets {@code NO_GCE_CHECK},
 * so no metadata server is ever probed. The file is written after the provider is created: ADC are looked up on first
 * use, not by the factory.
 */
final class GcpAdcTest {
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    @Test
    void withoutCredentialsJsonTheHostsDefaultCredentialsAreUsedOnFirstCall() throws Exception {
        String location = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
        assumeTrue(location != null && location.contains("adc"), "run through Maven, which points ADC at a test file");
        Path file = Path.of(location);
        Files.deleteIfExists(file);
        fake.put("adc-secret", "{\"k\":\"via-adc\"}");
        Map<String, Object> config = Fixtures.config(fake);
        config.remove("credentialsJson");
        GcpSecretProvider p = Fixtures.provider(config, context);

        Files.createDirectories(file.getParent());
        Files.writeString(file, Fixtures.keyFile(Fixtures.SERVICE_ACCOUNT, fake.tokenUri()), StandardCharsets.UTF_8);

        assertThat(p.fetch("adc-secret:k")).isEqualTo("via-adc");
        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.lastClaims.path("iss").asText()).isEqualTo(FakeSecretManager.CLIENT_EMAIL);
        assertThat(p.toString()).contains("Application Default Credentials");
    }
}
