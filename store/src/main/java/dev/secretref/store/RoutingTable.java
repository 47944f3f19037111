package dev.secretref.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** The persisted {@link Routing}: one row per environment, {@code *} for the default, and a revision. */
final class RoutingTable {
    private static final String DEFAULT_ROW = "*";
    static final String REVISION = "routing.revision";

    private final Db db;
    private final String table;
    private final Settings settings;

    RoutingTable(Db db, Settings settings) {
        this.db = db;
        this.table = db.t("routing");
        this.settings = settings;
    }

    /** The routing and its revision (0 = never saved). */
    Versioned load() {
        return db.run(Db.Kind.READ, "read the routing", c -> {
            long revision = settings.getLong(c, REVISION, 0);
            Routing.Builder b = Routing.builder();
            try (PreparedStatement ps = c.prepareStatement("SELECT environment, manager FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals(DEFAULT_ROW)) b.defaultManager(rs.getString(2));
                    else b.environment(rs.getString(1), rs.getString(2));
                }
            }
            return new Versioned(b.build(), revision);
        });
    }

    /** Replaces the routing and bumps its revision; the caller's transaction holds the revision row. */
    long save(Connection c, Routing routing) throws SQLException {
        long revision = settings.increment(c, REVISION);
        Db.update(c, "DELETE FROM " + table);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (environment, manager) VALUES (?, ?)")) {
            if (routing.defaultManager().isPresent()) {
                Db.bind(ps, DEFAULT_ROW, routing.defaultManager().get());
                ps.addBatch();
            }
            for (Map.Entry<String, String> e : routing.environments().entrySet()) {
                Db.bind(ps, e.getKey(), e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return revision;
    }

    /** Locks the routing revision row for a read-modify-write; returns the current revision. */
    long lock(Connection c) throws SQLException {
        return settings.lock(c, REVISION);
    }

    record Versioned(Routing routing, long revision) { }
}
