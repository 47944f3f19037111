package dev.secretref.provider.vault;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The writer contract on a KV v2 mount with AppRole login, against {@link WireMockVault}'s stateful KV engine. */
final class VaultWriterContractTest extends SecretWriterContractTest {
    private static final String ROLE_ID = "writer-role-id-51ac";
    private static final String SECRET_ID = "writer-secret-id-0e7d";
    private static final String TOKEN = "hvs.writer-token-93b2";
    private static WireMockVault vault;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @Override
    protected SecretProvider writableProvider() {
        vault.reset();
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        return vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID));
    }

    @Override
    protected long remoteCalls() { return vault.server.getAllServeEvents().size(); }

    @Override
    protected Set<String> credentials() { return Set.of(ROLE_ID, SECRET_ID, TOKEN); }
}
