package dev.secretref.provider.azure;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The writer contract kit against {@link FakeKeyVault}, deletes soft-deleting (the default): a deleted name stays
 * taken until it is recovered or purged. The large value is 16 KiB (about 20 KiB as escaped JSON): Key Vault holds
 * at most 25 KiB per secret and the fields are stored as one JSON object (https://learn.microsoft.com/en-us/azure/key-vault/general/service-limits).
 */
final class AzureWriterContractTest extends SecretWriterContractTest {
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
        return Fixtures.provider(fake);
    }

    @Override
    protected Set<String> credentials() { return Set.of(FakeKeyVault.CLIENT_SECRET); }

    @Override
    protected boolean canRewriteAfterDelete() { return false; }

    @Override
    protected int largeValueBytes() { return 16 * 1024; }

    @Override
    protected long remoteCalls() {
        return fakes.stream().mapToLong(f -> f.requests().size()).sum();
    }
}
