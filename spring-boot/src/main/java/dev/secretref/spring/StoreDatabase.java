package dev.secretref.spring;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The database of the {@code CredentialStore} bean: the pool the starter opened for {@code secretref.store.jdbc-url}
 * (closed with the context), the context's one {@code DataSource}, or none (the store's embedded H2 file).
 * Deliberately not a {@code DataSource} bean, so Boot's own DataSource auto-configuration is not disturbed.
 */
final class StoreDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final JdbcConnectionPool owned;

    private StoreDatabase(DataSource dataSource, JdbcConnectionPool owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    /** {@code contextDataSource}: the context's single DataSource, or null when there is none or several. */
    static StoreDatabase open(SecretrefProperties.Store settings, DataSource contextDataSource) {
        String url = settings.getJdbcUrl();
        if (url != null && !url.isBlank()) {
            if (!url.strip().startsWith("jdbc:h2:")) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "secretref.store.jdbc-url supports H2 (jdbc:h2:...) only; for PostgreSQL define a DataSource bean "
                                + "(spring.datasource.*) and leave secretref.store.jdbc-url unset");
            }
            JdbcConnectionPool pool = JdbcConnectionPool.create(url.strip(), settings.getUsername(), settings.getPassword());
            pool.setMaxConnections(16);   // the store's default moveConcurrency (4) needs 8 besides request threads
            return new StoreDatabase(pool, pool);
        }
        return new StoreDatabase(contextDataSource, null);
    }

    /** The data source to pass to the store; empty = the store's embedded H2 file. */
    Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    @Override
    public void close() {
        if (owned != null) owned.dispose();
    }

    @Override
    public String toString() {
        return "StoreDatabase[" + (owned != null ? "jdbc-url pool" : dataSource != null ? "context DataSource" : "embedded") + "]";
    }
}
