package dev.secretref.provider.gcp;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The writer contract kit against {@link FakeSecretManager}: secrets.create, secrets.addVersion, secrets.delete and
 * versions.access as documented at https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.
 */
final class GcpWriterContractTest extends SecretWriterContractTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private FakeSecretManager fake;

    @AfterEach
    void stopFakes() throws Exception {
        for (AutoCloseable c : open) c.close();
        open.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        fake = Fixtures.fake();
        open.add(fake);
        Fixtures.TestContext context = new Fixtures.TestContext();
        open.add(context);
        return Fixtures.provider(Fixtures.config(fake), context);
    }

    @Override
    protected Set<String> credentials() {
        return Set.of(Fixtures.keyMaterial(Fixtures.SERVICE_ACCOUNT), "ya29.fake-");
    }

    @Override
    protected long remoteCalls() { return fake.totalCalls(); }

    @Override
    protected List<String> invalidFieldNames() { return List.of("", "bad\nfield", "x?version=2"); }
}
