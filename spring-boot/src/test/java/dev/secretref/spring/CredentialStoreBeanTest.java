package dev.secretref.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.store.CredentialStore;
import dev.secretref.store.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A {@link CredentialStore} bean from {@code secretref.store.*}, on H2 files in a temporary directory. */
final class CredentialStoreBeanTest {
    @TempDir
    Path dir;
    private Path keysFile;
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        keysFile = dir.resolve("store.keys");
        KeyRing.generate().writeTo(keysFile);
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretrefAutoConfiguration.class))
                .withPropertyValues("secretref.managers.vault.provider=memory",
                        "secretref.store.environments.production=vault");
    }

    private String h2Url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    @Test
    void credentialsGoWhereTheirEnvironmentIsRoutedAndOutliveTheContext() {
        String[] settings = {"secretref.store.enabled=true", "secretref.store.jdbc-url=" + h2Url("db"),
                "secretref.store.keys-file=" + keysFile};
        AtomicReference<CredentialStore> first = new AtomicReference<>();
        runner.withPropertyValues(settings).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(CredentialStore.class);
            CredentialStore store = ctx.getBean(CredentialStore.class);
            first.set(store);

            StoredCredential prod = store.put("conn-prod", "production", Map.of("token", "t-prod"));
            StoredCredential dev = store.put("conn-dev", "development", Map.of("token", "t-dev"));

            assertThat(prod.manager()).isEqualTo("vault");
            assertThat(dev.manager()).isEqualTo(CredentialStore.LOCAL);
            assertThat(store.get("conn-prod")).containsEntry("token", "t-prod");
            assertThat(ctx.getBean(SecretResolver.class).managerNames()).contains(CredentialStore.LOCAL);
        });

        assertThatThrownBy(() -> first.get().get("conn-dev")).isInstanceOfSatisfying(SecretManagerException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
        // the pool was disposed with the context, so a new context opens the same file; the local store kept its value
        runner.withPropertyValues(settings).run(ctx ->
                assertThat(ctx.getBean(CredentialStore.class).get("conn-dev")).containsEntry("token", "t-dev"));
    }

    @Test
    void theDefaultManagerTakesEnvironmentsWithoutOne() {
        runner.withPropertyValues("secretref.store.enabled=true", "secretref.store.jdbc-url=" + h2Url("db"),
                        "secretref.store.keys-file=" + keysFile, "secretref.store.default-manager=vault")
                .run(ctx -> assertThat(ctx.getBean(CredentialStore.class)
                        .put("conn-dev", "development", Map.of("token", "t")).manager()).isEqualTo("vault"));
    }

    @Test
    void theApplicationsOneDataSourceHoldsTheTables() throws Exception {
        JdbcConnectionPool appDataSource = JdbcConnectionPool.create(h2Url("app"), "sa", "");
        try {
            runner.withBean(DataSource.class, () -> appDataSource)
                    .withPropertyValues("secretref.store.enabled=true", "secretref.store.keys-file=" + keysFile,
                            "secretref.store.table-prefix=creds_")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        ctx.getBean(CredentialStore.class).put("conn-1", "production", Map.of("token", "t"));
                    });
            try (Connection c = appDataSource.getConnection();
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'CREDS\\_%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        } finally {
            appDataSource.dispose();
        }
    }

    @Test
    void anExternalDatabaseWithoutKeysFailsStartupNamingTheSettings() {
        runner.withPropertyValues("secretref.store.enabled=true", "secretref.store.jdbc-url=" + h2Url("db"))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(SecretManagerException.class)
                            .hasMessageContaining("secretref.store.keys-file").hasMessageContaining("secretref.store.keys-env");
                });
    }

    @Test
    void aJdbcUrlOtherThanH2PointsToADataSourceBeanWithoutShowingTheUrl() {
        runner.withPropertyValues("secretref.store.enabled=true", "secretref.store.keys-file=" + keysFile,
                        "secretref.store.jdbc-url=jdbc:postgresql://db/app?password=hunter2")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("DataSource bean")
                            .message().doesNotContain("hunter2");
                });
    }

    @Test
    void theEmbeddedDatabaseGeneratesItsKeyFileNextToIt() {
        Path data = dir.resolve("embedded/secretref-data");
        runner.withPropertyValues("secretref.store.enabled=true", "secretref.store.embedded-path=" + data)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ctx.getBean(CredentialStore.class).put("conn-1", "development", Map.of("token", "t"));
                    assertThat(Files.exists(Path.of(data + ".keys"))).isTrue();
                });
    }

    @Test
    void noStoreUnlessEnabledOrWithoutTheStoreModule() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(CredentialStore.class));
        runner.withPropertyValues("secretref.store.enabled=true", "secretref.store.jdbc-url=" + h2Url("db"),
                        "secretref.store.keys-file=" + keysFile)
                .withClassLoader(new FilteredClassLoader(CredentialStore.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(SecretResolver.class)
                        .doesNotHaveBean("credentialStore"));
    }
}
