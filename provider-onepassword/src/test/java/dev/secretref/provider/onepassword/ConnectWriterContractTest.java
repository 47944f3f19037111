package dev.secretref.provider.onepassword;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The writer contract in Connect mode, against a stateful Connect server ({@link FakeConnect}). */
final class ConnectWriterContractTest extends SecretWriterContractTest {
    private final List<FakeConnect> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeConnect::close);
        fakes.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        FakeConnect connect = new FakeConnect();
        fakes.add(connect);
        connect.vault("Credentials");
        return FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", FakeConnect.TOKEN, "writeVault", "Credentials"));
    }

    @Override
    protected long remoteCalls() { return fakes.get(fakes.size() - 1).server().count(); }

    @Override
    protected Set<String> credentials() { return Set.of(FakeConnect.TOKEN); }
}
