package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The store's database: a data source, a table prefix, and transactions that turn {@link SQLException}s into
 * {@link SecretManagerException}s. Messages carry the SQL state, never statement text or parameters.
 */
final class Db {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Work inside a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** What a failure means to the caller: a failed read or a failed write. */
    enum Kind { READ, WRITE }

    private final DataSource dataSource;
    private final String prefix;
    private volatile Boolean h2;

    Db(DataSource dataSource, String prefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.prefix = requirePrefix(prefix);
    }

    static String requirePrefix(String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                    "A table prefix must be a lower-case letter followed by up to 31 lower-case letters, digits or '_'");
        }
        return prefix;
    }

    DataSource dataSource() { return dataSource; }

    String prefix() { return prefix; }

    /** The table {@code name} with the prefix. */
    String t(String name) { return prefix + name; }

    /** Replaces {@code ${p}} in SQL by the prefix. */
    String sql(String text) { return text.replace("${p}", prefix); }

    /** Runs {@code work} in one transaction; rolls back on any failure. */
    <T> T tx(Kind kind, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                session(c);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // the connection is going back to a pool or away; nothing else to do
                }
            }
        } catch (SQLException e) {
            throw error(kind, what, e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, reads). */
    <T> T run(Kind kind, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw error(kind, what, e);
        }
    }

    /** Executes one update statement with parameters, in auto-commit mode; returns the row count. */
    int update(Kind kind, String what, String sql, Object... params) {
        return run(kind, what, c -> update(c, sql, params));
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
    }

    /** H2 waits one second for a row lock by default; moves hold one while they copy, so wait longer. */
    private void session(Connection c) throws SQLException {
        Boolean isH2 = h2;
        if (isH2 == null) {
            isH2 = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2");
            h2 = isH2;
        }
        if (isH2) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCK_TIMEOUT 30000");
            }
        }
    }

    /** Maps a database failure: connection problems are connection failures, the rest failed reads or writes. */
    static SecretManagerException error(Kind kind, String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ErrorCode code;
        Reason reason;
        String check;
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || state.startsWith("08")) {
            code = ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
            reason = Reason.UNREACHABLE;
            check = "check that the database is up and the data source's URL and credentials";
        } else if (state.startsWith("28")) {
            code = ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
            reason = Reason.AUTHENTICATION_FAILED;
            check = "the database rejected the user or password; check the data source's credentials";
        } else if (e instanceof SQLTimeoutException || state.equals("HYT00") || state.equals("57014")) {
            code = ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
            reason = Reason.TIMEOUT;
            check = "the database did not answer in time, or a row stayed locked; retry";
        } else if (state.equals("23505")) {
            code = kind == Kind.READ ? ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
            reason = Reason.CONFLICT;
            check = "a row with the same key was written concurrently (the same credential id put twice at once?)";
        } else if (state.equals("40001") || state.equals("40P01")) {
            code = kind == Kind.READ ? ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
            reason = Reason.CONFLICT;
            check = "a concurrent transaction changed the same rows; retry";
        } else {
            code = kind == Kind.READ ? ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
            reason = Reason.PROVIDER_ERROR;
            check = "check that the store's tables exist (they are created on start) and the database user may use them";
        }
        return SecretManagerException.builder(code, reason)
                .message("Credential store database failed to " + what + " (SQL state " + (state.isEmpty() ? "none" : state)
                        + ", " + e.getClass().getSimpleName() + "): " + check)
                .cause(e).build();
    }
}
