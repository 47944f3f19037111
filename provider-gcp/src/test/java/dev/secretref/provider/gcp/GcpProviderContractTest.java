package dev.secretref.provider.gcp;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The provider contract kit, against {@link FakeSecretManager} (Secret Manager REST v1 and a verifying OAuth2
 * token endpoint). Shapes: https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access,
 * https://developers.google.com/identity/protocols/oauth2/service-account.
 */
final class GcpProviderContractTest extends SecretProviderContractTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stopFakes() throws Exception {
        for (AutoCloseable c : open) c.close();
        open.clear();
    }

    @Override
    protected String providerId() { return "gcp"; }

    @Override
    protected String pathFor(String name) { return "contract-" + name; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeSecretManager fake = Fixtures.fake();
        open.add(fake);
        secrets.forEach(fake::put);
        Fixtures.TestContext context = new Fixtures.TestContext();
        open.add(context);
        return Fixtures.provider(Fixtures.config(fake), context);
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeSecretManager fake = Fixtures.fake();
        open.add(fake);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("credentialsJson", Fixtures.keyFile(Fixtures.OTHER, fake.tokenUri()));   // a key the token endpoint refuses
        Fixtures.TestContext context = new Fixtures.TestContext();
        open.add(context);
        return Fixtures.provider(config, context);
    }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", "  ", " name", "name:", ":key", "bad.name", "name?version=0", "name?version=abc", "projects/p/secrets",
                "projects/UPPER/secrets/x", "projects/test-project-42/locations/us-east1/secrets/x", "a\nb");
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeSecretManager fake = FakeSecretManager.startTls(certificates, Fixtures.SERVICE_ACCOUNT.getPublic());
        open.add(fake);
        secrets.forEach(fake::put);
        Map<String, Object> config = Fixtures.config(fake);
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        Fixtures.TestContext context = new Fixtures.TestContext();
        open.add(context);
        return Fixtures.provider(config, context);
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("projectId", FakeSecretManager.PROJECT);
        config.put("credentialsJson", Fixtures.keyFile(Fixtures.SERVICE_ACCOUNT, baseUrl + "/token"));
        config.put("endpoint", baseUrl);
        Fixtures.TestContext context = new Fixtures.TestContext();
        open.add(context);
        return Fixtures.provider(config, context);
    }

    @Override
    protected String listPrefix() { return "contract-"; }

    @Override
    protected Set<String> credentials() {
        return Set.of(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT), Fixtures.keyMaterial(Fixtures.OTHER), "ya29.fake-");
    }
}
