package dev.secretref.provider.azure;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The writer contract kit against {@link FakeKeyVault}, with {@code purgeOnDelete=true}: a deleted secret is purged
 * once soft-deleted, so its name can be written again. The large value is 16 KiB (about 20 KiB as escaped JSON): Key
 * Vault holds at most 25 KiB per secret and the fields are stored as one JSON object (https://learn.microsoft.com/en-us/azure/key-vault/general/service-limits).
 */
final class AzurePurgingWriterContractTest extends SecretWriterContractTest {
    private final List<FakeKeyVault> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeKeyVault::close);
        fakes.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        FakeKeyVault fake = FakeKeyVault.start();
        fakes.add(fake);
        java.util.Map<String, Object> config = Fixtures.config(fake);
        config.put("purgeOnDelete", "true");
        return Fixtures.provider(config);
    }

    @Override
    protected Set<String> credentials() { return Set.of(FakeKeyVault.CLIENT_SECRET); }

    @Override
    protected boolean canRewriteAfterDelete() { return true; }

    @Override
    protected int largeValueBytes() { return 16 * 1024; }

    @Override
    protected long remoteCalls() {
        return fakes.stream().mapToLong(f -> f.requests().size()).sum();
    }
}
