package dev.secretref.store;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The {@code local} provider keeps the provider contract: over a real H2 database, values sealed by a KeyRing. */
final class LocalProviderContractTest extends SecretProviderContractTest {
    private static final String DB_PASSWORD = "db-password-Hq72x";
    private final List<TestDatabase> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(TestDatabase::close);
        databases.clear();
    }

    @Override
    protected String providerId() { return "local"; }

    @Override
    protected String pathFor(String name) { return "cred-" + name + ":value"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        TestDatabase db = TestDatabase.h2();
        databases.add(db);
        Db d = new Db(db.dataSource, db.prefix);
        Schema.apply(d, Clock.systemUTC());
        LocalVault vault = new LocalVault(d, CredentialStoreContract.KEYS, Clock.systemUTC());
        secrets.forEach((path, value) -> {
            int colon = path.indexOf(':');
            vault.write(path.substring(0, colon), Map.of(path.substring(colon + 1), value));
        });
        return vault;
    }

    @Override
    protected SecretProvider unreachableProvider() {
        try {
            Path keys = Files.createTempDirectory("secretref-keys").resolve("keys");
            CredentialStoreContract.KEYS.writeTo(keys);
            LocalProviderFactory factory = new LocalProviderFactory();
            return factory.create(ProviderConfig.of("broken", factory.descriptor(), Map.of(
                    "jdbcUrl", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "jdbcUser", "app",
                    "jdbcPassword", DB_PASSWORD, "keysFile", keys.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", "no-colon", ":field", "cred-1:", "bad id:field", "cred-1:bad field");
    }

    @Override
    protected String listPrefix() { return "cred-"; }

    @Override
    protected Set<String> credentials() { return Set.of(DB_PASSWORD); }
}
