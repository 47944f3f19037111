package dev.secretref.provider.onepassword;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.SecretProviderContractTest;
import dev.secretref.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The provider contract in Connect mode, against the Connect API fake on testkit's FakeHttpServer (see {@link FakeConnect}). */
final class ConnectContractTest extends SecretProviderContractTest {
    private static final String WRONG_TOKEN = "wrong-connect-token-0000";
    private final List<FakeConnect> fakes = new ArrayList<>();

    @Override
    protected String providerId() { return "onepassword"; }

    @Override
    protected String pathFor(String name) { return "op://Contract/" + name + "/secret"; }

    private FakeConnect seeded(FakeConnect connect, Map<String, String> secrets) {
        fakes.add(connect);
        connect.vault("Contract");
        secrets.forEach((path, value) -> connect.field("Contract", path.split("/")[3], null, "secret", value));
        return connect;
    }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeConnect connect = seeded(new FakeConnect(), secrets);
        return FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", FakeConnect.TOKEN));
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeConnect connect = seeded(new FakeConnect(), Map.of());
        return FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", WRONG_TOKEN));
    }

    @Override
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        FakeConnect connect = seeded(new FakeConnect(FakeHttpServer.https(certificates)), secrets);
        Map<String, Object> config = new HashMap<>(Map.of("connectHost", connect.url(),
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
    void stopFakes() {
        fakes.forEach(FakeConnect::close);
        fakes.clear();
    }
}
