package dev.secretref.store;

import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables: versioned DDL files in the jar ({@code dev/secretref/store/schema/V<n>.sql}), applied on
 * start in order and recorded in {@code <prefix>schema_version}. Nodes starting together serialise on a lock row,
 * so each version is applied once.
 */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
    /** The versions this jar ships, in order. */
    static final int LATEST = 1;

    private Schema() { }

    /** Brings the schema up to {@link #LATEST}. */
    static void apply(Db db, Clock clock) {
        String versions = db.t("schema_version");
        String create = "CREATE TABLE IF NOT EXISTS " + versions + " (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)";
        try {
            db.run(Db.Kind.WRITE, "create its schema table", c -> {
                exec(c, create);
                return null;
            });
        } catch (SecretManagerException raced) {
            // another node created it at the same instant; the next statements tell
            db.run(Db.Kind.WRITE, "create its schema table", c -> {
                exec(c, create);
                return null;
            });
        }
        try {
            db.update(Db.Kind.WRITE, "create its schema lock row", "INSERT INTO " + versions + " (version, applied_at) VALUES (0, ?)", clock.millis());
        } catch (SecretManagerException alreadyThere) {
            // the lock row exists
        }
        db.tx(Db.Kind.WRITE, "apply its schema", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT version FROM " + versions + " WHERE version = 0 FOR UPDATE")) {
                lock.executeQuery().close();
            }
            int current;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + versions)) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > LATEST) {
                LOG.warn("The credential store schema ({}) is at version {}, newer than this secretref ({}); continuing",
                        db.prefix(), current, LATEST);
            }
            for (int v = current + 1; v <= LATEST; v++) {
                for (String statement : statements(v)) exec(c, db.sql(statement));
                Db.update(c, "INSERT INTO " + versions + " (version, applied_at) VALUES (?, ?)", v, clock.millis());
                LOG.info("Applied credential store schema version {} (table prefix {})", v, db.prefix());
            }
            return null;
        });
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The statements of version {@code v}: the file split at semicolons that end a line; comments dropped. */
    static List<String> statements(int v) {
        String name = "schema/V" + v + ".sql";
        String text;
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing " + name + " in the secretref-store jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + " from the secretref-store jar", e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("--")) continue;
            current.append(line).append('\n');
            if (l.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }
}
