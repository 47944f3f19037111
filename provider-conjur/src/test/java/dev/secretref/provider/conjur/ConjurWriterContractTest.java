package dev.secretref.provider.conjur;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The writer contract against {@link FakeConjur}: the kit's variables are declared in the fake's "policy" before each
 * write (Conjur creates variables only through policy), delete is unsupported, and each field is its own variable.
 */
final class ConjurWriterContractTest extends SecretWriterContractTest {
    static final String PREFIX = "apps/secretref/";
    private final List<FakeConjur> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeConjur::close);
        fakes.forEach(f -> f.server().assertNoUnexpected());
        fakes.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        FakeConjur fake = Fixtures.fake();
        fakes.add(fake);
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("writePrefix", PREFIX);
        return Fixtures.provider(config, new dev.secretref.testkit.FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
    }

    private FakeConjur fake() { return fakes.get(fakes.size() - 1); }

    @Override
    protected void declare(String name, Set<String> fields) {
        fields.forEach(f -> fake().declare(PREFIX + name + "/" + f));
    }

    @Override
    protected long remoteCalls() { return fake().requests().size(); }

    @Override
    protected boolean supportsDelete() { return false; }

    @Override
    protected boolean replacesWholeSecret() { return false; }

    @Override
    protected Set<String> credentials() { return Set.of(Fixtures.API_KEY); }
}
