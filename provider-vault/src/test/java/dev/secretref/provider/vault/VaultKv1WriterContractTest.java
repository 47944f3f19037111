package dev.secretref.provider.vault;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The writer contract on a KV v1 mount with a static token and {@code writePrefix kv/apps/}, against {@link FakeVault}. */
final class VaultKv1WriterContractTest extends SecretWriterContractTest {
    private static final String TOKEN = "hvs.kv1-writer-token-4c1e";
    private final java.util.List<FakeVault> vaults = new java.util.ArrayList<>();
    private FakeVault vault;

    @AfterEach
    void stop() {
        vaults.forEach(FakeVault::close);
        vaults.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        vault = new FakeVault();
        vaults.add(vault);
        vault.kvMount("kv", 1, TOKEN);
        return vault.provider(Map.of("token", TOKEN, "writePrefix", "kv/apps/"));
    }

    @Override
    protected long remoteCalls() { return vault == null ? 0 : vault.http.count(); }

    @Override
    protected Set<String> credentials() { return Set.of(TOKEN); }
}
