package dev.secretref.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A database for one benchmark trial, as the store module's tests use them: H2 in memory, or the machine's
 * PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth) with a table prefix of its
 * own whose tables are dropped on {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {
    /** Commits need not wait for the WAL flush (what is measured is the store's work, not the disk's). */
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3&options=-c%20synchronous_commit%3Doff";

    final String prefix;
    final DataSource dataSource;
    private final Runnable closer;

    private BenchDatabase(String prefix, DataSource dataSource, Runnable closer) {
        this.prefix = prefix;
        this.dataSource = dataSource;
        this.closer = closer;
    }

    /** {@code kind} is {@code h2} or {@code postgres}. */
    static BenchDatabase open(String kind) {
        String prefix = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        if (kind.equals("h2")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            pool.setMaxConnections(64);
            return new BenchDatabase(prefix, pool, () -> {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException ignored) {
                    // already gone
                }
                pool.dispose();
            });
        }
        if (!kind.equals("postgres")) throw new IllegalArgumentException("unknown database " + kind);
        if (!postgresReachable()) throw new IllegalStateException("PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres)");
        JdbcConnectionPool pool = postgresPool();
        return new BenchDatabase(prefix, pool, () -> {
            dropTables(prefix);
            pool.dispose();
        });
    }

    static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void dropTables(String prefix) {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '" + prefix + "%'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) s.execute("DROP TABLE IF EXISTS " + t);
        } catch (SQLException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        closer.run();
    }

    /** Pooled PostgreSQL connections: H2's small pool over the driver's own pooled-connection source. */
    private static JdbcConnectionPool postgresPool() {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(PG_URL);
        source.setUser("postgres");
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(64);
        return pool;
    }
}
