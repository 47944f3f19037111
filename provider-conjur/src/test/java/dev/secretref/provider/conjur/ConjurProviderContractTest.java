package dev.secretref.provider.conjur;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract kit, against {@link FakeConjur}. Conjur cannot hold an empty value. */
final class ConjurProviderContractTest extends SecretProviderContractTest {
    private final List<FakeConjur> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeConjur::close);
        fakes.forEach(f -> f.server().assertNoUnexpected());
        fakes.clear();
    }

    @Override
    protected String providerId() { return "cyberark-conjur"; }

    @Override
    protected String pathFor(String name) { return "contract/app/" + name; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeConjur fake = Fixtures.fake();
        fakes.add(fake);
        secrets.forEach(fake::put);
        return Fixtures.provider(fake);
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeConjur fake = Fixtures.fake();
        fakes.add(fake);
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", "wrong-api-key-1jk2h3g4");
        return Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeConjur fake = FakeConjur.startTls(certificates, Fixtures.ACCOUNT, Fixtures.LOGIN, Fixtures.API_KEY);
        fakes.add(fake);
        secrets.forEach(fake::put);
        Map<String, Object> config = Fixtures.config(fake.url());
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        return Fixtures.provider(config, new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return Fixtures.provider(Fixtures.config(baseUrl), new FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
    }

    @Override
    protected String listPrefix() { return "contract/app/"; }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", "   ", " prod/db", "/prod/db", "prod/db?version=abc", "prod/db?version=0", "prod/db?ver=2", "a\nb",
                "prod/db?version=9999999999");
    }

    @Override
    protected Set<String> credentials() { return Set.of(Fixtures.API_KEY, "wrong-api-key-1jk2h3g4"); }

    @Override
    protected boolean supportsEmptyValue() { return false; }
}
