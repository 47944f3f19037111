package dev.secretref.provider.aws;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The testkit's writer contract against the local Secrets Manager fake ({@link FakeAws}), with the default
 * {@code deleteRecoveryDays} of 7: a deleted name stays scheduled for deletion, so it cannot be written again at once.
 */
final class AwsWriterContractTest extends SecretWriterContractTest {
    private final List<FakeAws> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeAws::close);
        fakes.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        FakeAws fake = new FakeAws();
        fakes.add(fake);
        return fake.provider();
    }

    @Override
    protected long remoteCalls() { return fakes.get(fakes.size() - 1).requestCount(); }

    @Override
    protected boolean canRewriteAfterDelete() { return false; }

    @Override
    protected Set<String> credentials() { return Set.of(FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY); }
}
