package dev.secretref.provider.vault;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The writer contract on a KV v2 mount with AppRole login, against {@link FakeVault}'s stateful KV engine. */
final class VaultWriterContractTest extends SecretWriterContractTest {
    private static final String ROLE_ID = "writer-role-id-51ac";
    private static final String SECRET_ID = "writer-secret-id-0e7d";
    private static final String TOKEN = "hvs.writer-token-93b2";
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
        vault.kvMount("secret", 2, TOKEN);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        return vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID));
    }

    @Override
    protected long remoteCalls() { return vault == null ? 0 : vault.http.count(); }

    @Override
    protected Set<String> credentials() { return Set.of(ROLE_ID, SECRET_ID, TOKEN); }
}
