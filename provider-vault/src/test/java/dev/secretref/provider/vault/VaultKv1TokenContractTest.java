package dev.secretref.provider.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.secretref.Ticker;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The provider contract on a KV v1 mount with a static token, against {@link WireMockVault}. */
final class VaultKv1TokenContractTest extends SecretProviderContractTest {
    private static final String TOKEN = "hvs.static-contract-token-5b0d";
    private static WireMockVault vault;
    private static WireMockVault tlsVault;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() { vault = new WireMockVault(); }

    @AfterAll
    static void stop() {
        vault.stop();
        if (tlsVault != null) tlsVault.stop();
    }

    @Override
    protected String providerId() { return "hashicorp"; }

    @Override
    protected String pathFor(String name) { return "kv/contract/" + name + "/value"; }

    private static void seed(WireMockVault v, Map<String, String> secrets) {
        v.reset();
        v.mount("kv", 1);
        v.lookupSelf(TOKEN);
        secrets.forEach((path, value) -> {
            KvPath p = KvPath.parse(path);
            v.v1("kv", p.secretPath().substring("kv/".length()), Map.of(p.key(), value));
        });
        v.list("kv/contract/", secrets.keySet().stream().map(path -> KvPath.parse(path).secretPath().substring("kv/contract/".length()) + "/").distinct().toList());
    }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        seed(vault, secrets);
        return vault.provider(Map.of("token", TOKEN));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        if (tlsVault == null) tlsVault = new WireMockVault(certificates, dir.resolve("vault.p12"));
        seed(tlsVault, secrets);
        Map<String, Object> config = new HashMap<>(Map.of("url", tlsVault.httpsUrl(), "token", TOKEN));
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        return WireMockVault.create(config, Ticker.system());
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return WireMockVault.create(Map.of("url", baseUrl, "token", TOKEN), Ticker.system());
    }

    @Override
    protected String listPrefix() { return "kv/contract/"; }

    /** A Vault that answers every request as an expired token. */
    @Override
    protected SecretProvider unreachableProvider() {
        vault.reset();
        vault.server.stubFor(get(urlPathMatching("/v1/.*")).atPriority(1).willReturn(WireMockVault.json(403, WireMockVault.INVALID_TOKEN)));
        return WireMockVault.create(Map.of("url", vault.url(), "token", TOKEN), Ticker.system());
    }

    @Override
    protected List<String> malformedPaths() { return List.of("", "kv", "kv/value", "kv//value"); }

    @Override
    protected Set<String> credentials() { return Set.of(TOKEN); }
}
