package dev.secretref.store;

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
import org.junit.jupiter.api.Assumptions;

/**
 * A database for one test: H2 in memory, or the machine's PostgreSQL (127.0.0.1:5432, database test, user postgres)
 * with a table prefix of its own, dropped on {@link #close()}. PostgreSQL tests are skipped when the server is
 * unreachable, unless {@code -Dsecretref.requireServices} is set: then they fail.
 */
final class TestDatabase implements AutoCloseable {
    /** Commits need not wait for the WAL flush in tests (durability across a PostgreSQL crash is not what they test). */
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3&options=-c%20synchronous_commit%3Doff";

    enum Kind { H2, POSTGRES }

    final Kind kind;
    final String prefix;
    final DataSource dataSource;
    private final Runnable closer;

    private TestDatabase(Kind kind, String prefix, DataSource dataSource, Runnable closer) {
        this.kind = kind;
        this.prefix = prefix;
        this.dataSource = dataSource;
        this.closer = closer;
    }

    static TestDatabase open(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    static TestDatabase h2() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(64);
        return new TestDatabase(Kind.H2, "secretref_", pool, () -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already gone
            }
            pool.dispose();
        });
    }

    static boolean postgresRequired() {
        String v = System.getProperty("secretref.requireServices");
        return v != null && !v.isBlank() && !v.startsWith("${") && !v.equalsIgnoreCase("false");
    }

    static TestDatabase postgres() {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
            c.isValid(2);
        } catch (SQLException e) {
            if (postgresRequired()) {
                throw new AssertionError("PostgreSQL at 127.0.0.1:5432 is required (secretref.requireServices) but unreachable: " + e, e);
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 is unreachable: " + e.getMessage());
        }
        String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        JdbcConnectionPool pool = postgresPool();
        return new TestDatabase(Kind.POSTGRES, prefix, pool, () -> {
            dropTables(prefix);
            pool.dispose();
        });
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
