package dev.secretref.provider.onepassword;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretWriterContractTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The writer contract in service-account mode, against the fake op CLI ({@link FakeOp}, src/test/resources/fake-op/op.py). */
final class ServiceAccountWriterContractTest extends SecretWriterContractTest {
    @TempDir
    Path dir;
    private FakeOp op;

    @Override
    protected SecretProvider writableProvider() {
        op = new FakeOp(dir);
        op.vault("Credentials");
        return op.provider(Map.of("writeVault", "Credentials"));
    }

    @Override
    protected long remoteCalls() { return op.calls().size(); }

    @Override
    protected Set<String> credentials() { return Set.of(FakeOp.TOKEN); }
}
