package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.secretref.Ticker;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The provider contract on a KV v1 mount with a static token, against {@link FakeVault}. */
final class VaultKv1TokenContractTest extends SecretProviderContractTest {
    private static final String TOKEN = "hvs.static-contract-token-5b0d";
    private static FakeVault vault;

    @BeforeAll
    static void start() { vault = new FakeVault(); }

    @AfterAll
    static void stop() { vault.stop(); }

    @Override
    protected String providerId() { return "hashicorp"; }

    @Override
    protected String pathFor(String name) { return "kv/contract/" + name + "/value"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        vault.reset();
        vault.mount("kv", 1);
        vault.lookupSelf(TOKEN);
        secrets.forEach((path, value) -> {
            KvPath p = KvPath.parse(path);
            vault.v1("kv", p.secretPath().substring("kv/".length()), Map.of(p.key(), value));
        });
        return vault.provider(Map.of("token", TOKEN));
    }

    /** A Vault that answers every request as an expired token. */
    @Override
    protected SecretProvider unreachableProvider() {
        vault.reset();
        vault.server.stubFor(get(urlPathMatching("/v1/.*")).atPriority(1).willReturn(FakeVault.json(403, FakeVault.INVALID_TOKEN)));
        return FakeVault.create(Map.of("url", vault.url(), "token", TOKEN), Ticker.system());
    }

    @Override
    protected List<String> malformedPaths() { return List.of("", "kv", "kv/value", "kv//value"); }

    @Override
    protected Set<String> credentials() { return Set.of(TOKEN); }
}
