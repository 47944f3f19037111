package dev.secretref.provider.azure;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract kit, against {@link FakeKeyVault} over HTTPS with its test CA (the kit's own CA for the TLS group). */
final class AzureProviderContractTest extends SecretProviderContractTest {
    private static final String WRONG_SECRET = "wrong~client-secret-4kJ8.zzQ1";
    private final List<FakeKeyVault> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeKeyVault::close);
        fakes.clear();
    }

    @Override
    protected String providerId() { return "azure"; }

    @Override
    protected String pathFor(String name) { return "contract-" + name; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeKeyVault fake = FakeKeyVault.start();
        fakes.add(fake);
        secrets.forEach(fake::put);
        return Fixtures.provider(fake);
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeKeyVault fake = FakeKeyVault.start();
        fakes.add(fake);
        Map<String, Object> config = Fixtures.config(fake);
        config.put("clientSecret", WRONG_SECRET);
        return Fixtures.provider(config);
    }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", ":key", "has_underscore", "has/slash", "name:", "name?version=", "name?version=not-hex!",
                "x".repeat(128));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeKeyVault fake = FakeKeyVault.start(certificates);
        fakes.add(fake);
        secrets.forEach(fake::put);
        Map<String, Object> config = Fixtures.config(fake);
        if (trustCa) {
            config.put("caCertificate", certificates.caCertificatePem());
        } else {
            config.remove("caCertificate");
        }
        return Fixtures.provider(config);
    }

    @Override
    protected String listPrefix() { return "contract-"; }

    @Override
    protected Set<String> credentials() { return Set.of(FakeKeyVault.CLIENT_SECRET, WRONG_SECRET); }
}
