package dev.secretref.provider.onepassword;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract in Connect mode, against WireMock serving the Connect API (see {@link FakeConnect}). */
final class ConnectContractTest extends SecretProviderContractTest {
    private static final String WRONG_TOKEN = "wrong-connect-token-0000";
    private WireMockServer server;

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
    protected List<String> malformedPaths() { return Contracts.MALFORMED; }

    @Override
    protected Set<String> credentials() { return Set.of(FakeConnect.TOKEN, WRONG_TOKEN); }

    @AfterEach
    void stopServer() {
        if (server != null) server.stop();
        server = null;
    }
}
