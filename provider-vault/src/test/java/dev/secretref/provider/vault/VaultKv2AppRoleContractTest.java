package dev.secretref.provider.vault;

import dev.secretref.Ticker;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract on a KV v2 mount with AppRole login, against {@link FakeVault} (one per provider); lists and searches included. */
final class VaultKv2AppRoleContractTest extends SecretProviderContractTest {
    private static final String ROLE_ID = "contract-role-id-3f9a";
    private static final String SECRET_ID = "contract-secret-id-8d2c";
    private static final String TOKEN = "hvs.contract-token-77e1";
    private final List<FakeVault> vaults = new ArrayList<>();

    @AfterEach
    void stop() {
        vaults.forEach(FakeVault::close);
        vaults.clear();
    }

    @Override
    protected String providerId() { return "hashicorp"; }

    @Override
    protected String pathFor(String name) { return "secret/data/contract/" + name + "/value"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeVault vault = new FakeVault();
        vaults.add(vault);
        vault.mount("secret", 2);
        vault.appRoleLogin("approle", ROLE_ID, SECRET_ID, TOKEN, 3600, true);
        vault.lookupSelf(TOKEN);
        secrets.forEach((path, value) -> {
            KvPath p = KvPath.parse(path);
            vault.v2("secret", p.secretPath().substring("secret/data/".length()), Map.of(p.key(), value));
        });
        return vault.provider(Map.of("roleId", ROLE_ID, "secretId", SECRET_ID));
    }

    @Override
    protected String listPrefix() { return "secret/data/contract/"; }

    @Override
    protected SecretProvider unreachableProvider() {
        return FakeVault.create(Map.of("url", "http://127.0.0.1:" + closedPort(), "roleId", ROLE_ID, "secretId", SECRET_ID), Ticker.system());
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<String> malformedPaths() { return List.of("", "secret", "secret/value", "secret//value", "secret/data/app/k?version=x"); }

    @Override
    protected Set<String> credentials() { return Set.of(ROLE_ID, SECRET_ID, TOKEN); }
}
