package dev.secretref.provider.aws;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The testkit's writer contract against {@link FakeAws} with {@code deleteRecoveryDays 0}
 * ({@code ForceDeleteWithoutRecovery}): deletes are immediate, so a deleted name can be written again at once.
 */
final class AwsForceDeleteWriterContractTest extends SecretWriterContractTest {
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
        Map<String, Object> c = fake.config();
        c.put("deleteRecoveryDays", "0");
        return FakeAws.provider(c);
    }

    @Override
    protected long remoteCalls() { return fakes.get(fakes.size() - 1).requestCount(); }

    @Override
    protected Set<String> credentials() { return Set.of(FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY); }
}
