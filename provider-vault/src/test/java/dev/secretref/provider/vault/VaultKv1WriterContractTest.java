package dev.secretref.provider.vault;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The writer contract on a KV v1 mount with a static token and {@code writePrefix kv/apps/}, against {@link WireMockVault}. */
final class VaultKv1WriterContractTest extends SecretWriterContractTest {
    private static final String TOKEN = "hvs.kv1-writer-token-4c1e";
    private static WireMockVault vault;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @Override
    protected SecretProvider writableProvider() {
        vault.reset();
        vault.kvMount("kv", 1, TOKEN);
        return vault.provider(Map.of("token", TOKEN, "writePrefix", "kv/apps/"));
    }

    @Override
    protected long remoteCalls() { return vault.server.getAllServeEvents().size(); }

    @Override
    protected Set<String> credentials() { return Set.of(TOKEN); }
}
