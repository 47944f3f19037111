package dev.secretref.provider.onepassword;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract in service-account mode, against the fake op CLI (see {@link FakeOp}). */
final class ServiceAccountContractTest extends SecretProviderContractTest {
    private static final String WRONG_TOKEN = "ops_notTheRightServiceAccountToken99";

    @TempDir
    Path dir;

    @Override
    protected String providerId() { return "onepassword"; }

    @Override
    protected String pathFor(String name) { return "op://Contract/" + name + "/secret"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeOp op = new FakeOp(dir);
        op.vault("Contract");
        secrets.forEach((path, value) -> op.field("Contract", path.split("/")[3], null, "secret", value));
        return op.provider(Map.of());
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeOp op = new FakeOp(dir);
        return op.provider(Map.of("serviceAccountToken", WRONG_TOKEN));
    }

    @Override
    protected String listPrefix() { return "op://Contract/"; }

    @Override
    protected List<String> malformedPaths() { return Contracts.MALFORMED; }

    @Override
    protected Set<String> credentials() { return Set.of(FakeOp.TOKEN, WRONG_TOKEN); }
}
