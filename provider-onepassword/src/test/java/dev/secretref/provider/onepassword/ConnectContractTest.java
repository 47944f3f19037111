package dev.secretref.provider.onepassword;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract in Connect mode, against WireMock serving the Connect API (see {@link FakeConnect}). */
final class ConnectContractTest extends SecretProviderContractTest {
    private static final String WRONG_TOKEN = "wrong-connect-token-0000";
    private WireMockServer server;
    @TempDir
    static Path dir;

    @Override
    protected String providerId() { return "onepassword"; }

    @Override
    protected String pathFor(String name) { return "op://Contract/" + name + "/secret"; }

    private FakeConnect connect() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
        }
        return new FakeConnect(server);
    }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeConnect connect = connect();
        connect.vault("Contract");
        secrets.forEach((path, value) -> connect.field("Contract", path.split("/")[3], null, "secret", value));
        connect.publish();
        return FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", FakeConnect.TOKEN));
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeConnect connect = connect().publish();
        return FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", WRONG_TOKEN));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        Path keyStore = certificates.writeServerKeyStore(dir.resolve("connect-" + System.nanoTime() + ".p12"));
        String password = TestCertificates.keyStorePassword();
        if (server != null) server.stop();
        server = new WireMockServer(options().dynamicPort().dynamicHttpsPort().keystorePath(keyStore.toString())
                .keystoreType("PKCS12").keystorePassword(password).keyManagerPassword(password));
        server.start();
        FakeConnect connect = new FakeConnect(server);
        connect.vault("Contract");
        secrets.forEach((path, value) -> connect.field("Contract", path.split("/")[3], null, "secret", value));
        connect.publish();
        Map<String, Object> config = new HashMap<>(Map.of("connectHost", "https://localhost:" + server.httpsPort(),
                "connectToken", FakeConnect.TOKEN));
        if (trustCa) config.put("caCertificate", certificates.caCertificatePem());
        return FakeOp.create(config);
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return FakeOp.create(Map.of("connectHost", baseUrl, "connectToken", FakeConnect.TOKEN));
    }

    @Override
    protected String listPrefix() { return "op://Contract/"; }

    @Override
    protected List<String> malformedPaths() { return Contracts.MALFORMED; }

    @Override
    protected Set<String> credentials() { return Set.of(FakeConnect.TOKEN, WRONG_TOKEN); }

    @AfterEach
    void stopServer() {
        if (server != null) server.stop();
        server = null;
    }
}
