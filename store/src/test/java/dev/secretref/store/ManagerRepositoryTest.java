package dev.secretref.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.ResolutionContext;
import dev.secretref.keys.KeyRing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Manager definitions sealed at rest and kept in step between nodes, on H2 and PostgreSQL. */
final class ManagerRepositoryTest {
    private static final String SECRET = "s.super-secret-vault-token";
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private TestDatabase db;

    @BeforeEach
    void noDatabaseYet() {
        db = null;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        if (db != null) db.close();
    }

    private ManagerRepository repository(KeyRing keys) {
        ManagerRepository r = ManagerRepository.builder().dataSource(db.dataSource).keys(keys).tablePrefix(db.prefix)
                .refreshInterval(Duration.ofHours(1)).build();
        closeLater.add(r);
        return r;
    }

    private SecretResolver emptyResolver() {
        SecretResolver r = SecretResolver.builder().build();
        closeLater.add(r);
        return r;
    }

    private static ManagerDefinition memory(String name, String value) {
        return ManagerDefinition.of(name, "memory", Map.of("values", Map.of("api/token", value)));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void definitionsReachEveryBoundResolverAndFollowChanges(TestDatabase.Kind kind) {
        db = TestDatabase.open(kind);
        ManagerRepository nodeA = repository(CredentialStoreContract.KEYS);
        ManagerRepository nodeB = repository(CredentialStoreContract.KEYS);
        SecretResolver resolverB = emptyResolver();
        nodeA.save(memory("acme", SECRET).scope(Scope.projects("acme")).allowPaths("api/*"));

        nodeB.bind(resolverB);
        assertThat(resolverB.resolveString("{{acme|ap_sep_v1|api/token}}", ResolutionContext.project("acme"))).isEqualTo(SECRET);
        assertThatThrownBy(() -> resolverB.resolveString("{{acme|ap_sep_v1|api/token}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED));

        nodeA.save(memory("acme", "rotated-token-value"));
        assertThat(nodeB.refresh()).isEqualTo(1);
        assertThat(resolverB.resolveString("{{acme|ap_sep_v1|api/token}}")).isEqualTo("rotated-token-value");
        assertThat(nodeB.refresh()).as("nothing changed since").isZero();

        assertThat(nodeA.remove("acme")).isTrue();
        nodeB.refresh();
        assertThat(resolverB.managerNames()).doesNotContain("acme");
        assertThat(nodeA.names()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void configIsSealedAtRestAndNeverShown(TestDatabase.Kind kind) throws Exception {
        db = TestDatabase.open(kind);
        ManagerRepository repo = repository(CredentialStoreContract.KEYS);
        repo.save(memory("acme", SECRET));

        String stored;
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sealed_config, key_id FROM " + db.prefix + "manager")) {
            rs.next();
            stored = rs.getString(1) + " " + rs.getString(2);
        }
        assertThat(stored).doesNotContain(SECRET).doesNotContain("super-secret").endsWith(" k1");
        assertThat(repo.find("acme").orElseThrow().config()).isEqualTo(Map.of("values", Map.of("api/token", SECRET)));
        assertThat(repo.find("acme").orElseThrow().toString()).doesNotContain(SECRET);
        assertThat(repo.toString()).doesNotContain(SECRET);

        assertThatThrownBy(() -> repo.save(memory(CredentialStore.LOCAL, SECRET))).isInstanceOf(SecretManagerException.class)
                .hasMessageContaining("built-in").hasMessageNotContaining(SECRET);

        ManagerRepository wrongKeys = repository(KeyRing.generate());
        assertThatThrownBy(() -> wrongKeys.find("acme")).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.manager()).isEqualTo("acme")).hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void rotationReSealsDefinitionsUnderTheNewPrimary(TestDatabase.Kind kind) {
        db = TestDatabase.open(kind);
        repository(CredentialStoreContract.KEYS).save(memory("acme", SECRET));
        KeyRing rotated = CredentialStoreContract.KEYS.withPrimary("k2", CredentialStoreContract.bytes(2));

        assertThat(repository(rotated).rotateKeys()).isEqualTo(1);

        ManagerRepository newKeyOnly = repository(KeyRing.of("k2", Map.of("k2", CredentialStoreContract.bytes(2))));
        assertThat(newKeyOnly.find("acme").orElseThrow().config()).isEqualTo(Map.of("values", Map.of("api/token", SECRET)));
    }
}
