package dev.secretref.provider.vault;

import dev.secretref.Ticker;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract on a KV v1 mount with a static token, against {@link FakeVault} (one per provider). */
final class VaultKv1TokenContractTest extends SecretProviderContractTest {
    private static final String TOKEN = "hvs.static-contract-token-5b0d";
    private final List<FakeVault> vaults = new ArrayList<>();

    @AfterEach
    void stop() {
        vaults.forEach(FakeVault::close);
        vaults.clear();
    }

    private FakeVault started(FakeVault v) {
        vaults.add(v);
        return v;
    }

    @Override
    protected String providerId() { return "hashicorp"; }

    @Override
    protected String pathFor(String name) { return "kv/contract/" + name + "/value"; }

    private static FakeVault seed(FakeVault v, Map<String, String> secrets) {
        v.mount("kv", 1);
        v.lookupSelf(TOKEN);
        secrets.forEach((path, value) -> {
            KvPath p = KvPath.parse(path);
            v.v1("kv", p.secretPath().substring("kv/".length()), Map.of(p.key(), value));
        });
        return v;
    }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        return seed(started(new FakeVault()), secrets).provider(Map.of("token", TOKEN));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeVault tls = seed(started(FakeVault.https(certificates)), secrets);
        Map<String, Object> config = new HashMap<>(Map.of("url", tls.url(), "token", TOKEN));
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        return FakeVault.create(config, Ticker.system());
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return FakeVault.create(Map.of("url", baseUrl, "token", TOKEN), Ticker.system());
    }

    @Override
    protected String listPrefix() { return "kv/contract/"; }

    /** A Vault that answers every request as an expired token. */
    @Override
    protected SecretProvider unreachableProvider() {
        FakeVault v = started(new FakeVault());
        v.http.route("GET", "/v1/.*", r -> FakeVault.json(403, FakeVault.INVALID_TOKEN));
        return v.provider(Map.of("token", TOKEN));
    }

    @Override
    protected List<String> malformedPaths() { return List.of("", "kv", "kv/value", "kv//value"); }

    @Override
    protected Set<String> credentials() { return Set.of(TOKEN); }
}
