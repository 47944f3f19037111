package dev.secretref.provider.azure;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The writer contract kit against {@link FakeKeyVault}, with {@code purgeOnDelete=true}: a deleted secret is purged
 * once soft-deleted, so its name can be written again. The large value is the largest the
 * kit's mix of text (quotes, backslashes, tabs and newlines escape to two bytes each) can be while the fields' JSON stays
 * within Key Vault's 25 KiB (25,600 bytes) per secret value
 * (https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets): the writer refuses anything larger before
 * any request, and the fake refuses it too.
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
    protected int largeValueBytes() { return AzureWriterContractTest.LARGEST_FITTING_VALUE; }

    @Override
    protected long remoteCalls() {
        return fakes.stream().mapToLong(f -> f.requests().size()).sum();
    }
}
