package dev.secretref.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL on {@code credential} and {@code credential_field}. Callers own the connection and the transaction. */
final class CredentialTable {
    private final Db db;
    private final String credential;
    private final String field;

    CredentialTable(Db db) {
        this.db = db;
        this.credential = db.t("credential");
        this.field = db.t("credential_field");
    }

    /** The pointer of {@code id}; with {@code lock}, its row stays locked until the transaction ends. */
    Optional<Pointer> load(Connection c, String id, boolean lock) throws SQLException {
        String sql = "SELECT environment, manager, assigned_manager, created_at, updated_at, revision FROM " + credential
                + " WHERE id = ?" + (lock ? " FOR UPDATE" : "");
        String environment;
        String manager;
        String assigned;
        long created;
        long updated;
        long revision;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                environment = rs.getString(1);
                manager = rs.getString(2);
                assigned = rs.getString(3);
                created = rs.getLong(4);
                updated = rs.getLong(5);
                revision = rs.getLong(6);
            }
        }
        Map<String, String> paths = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT field, path FROM " + field + " WHERE credential_id = ? ORDER BY field")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) paths.put(rs.getString(1), rs.getString(2));
            }
        }
        return Optional.of(new Pointer(id, environment, manager, assigned, created, updated, revision, paths));
    }

    /** Reads {@code id} outside any transaction. */
    Optional<Pointer> load(String id) {
        return db.run(Db.Kind.READ, "read a credential", c -> load(c, id, false));
    }

    boolean exists(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + credential + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void insert(Connection c, Pointer p) throws SQLException {
        Db.update(c, "INSERT INTO " + credential + " (id, environment, manager, assigned_manager, created_at, updated_at, revision)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", p.id, p.environment, p.manager, p.assignedManager, p.createdAt, p.updatedAt, p.revision);
        insertPaths(c, p.id, p.paths);
    }

    void insertPaths(Connection c, String id, Map<String, String> paths) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + field + " (credential_id, field, path) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : paths.entrySet()) {
                Db.bind(ps, id, e.getKey(), e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Switches {@code id} to {@code manager} and {@code paths} if its revision is still {@code expectedRevision}
     * (compare-and-set); returns whether it did.
     */
    boolean switchPointer(Connection c, String id, long expectedRevision, String manager, Map<String, String> paths, long now)
            throws SQLException {
        int n = Db.update(c, "UPDATE " + credential + " SET manager = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?",
                manager, now, id, expectedRevision);
        if (n != 1) return false;
        Db.update(c, "DELETE FROM " + field + " WHERE credential_id = ?", id);
        insertPaths(c, id, paths);
        return true;
    }

    void setAssigned(Connection c, String id, String manager, long now) throws SQLException {
        Db.update(c, "UPDATE " + credential + " SET assigned_manager = ?, updated_at = ? WHERE id = ?", manager, now, id);
    }

    /** Clears every assignment to {@code manager}. */
    int unassignAll(Connection c, String manager, long now) throws SQLException {
        return Db.update(c, "UPDATE " + credential + " SET assigned_manager = NULL, updated_at = ? WHERE assigned_manager = ?", now, manager);
    }

    void delete(Connection c, String id) throws SQLException {
        Db.update(c, "DELETE FROM " + field + " WHERE credential_id = ?", id);
        Db.update(c, "DELETE FROM " + credential + " WHERE id = ?", id);
    }

    /** How many credentials {@code manager} holds. */
    long countOn(String manager) {
        return db.run(Db.Kind.READ, "count credentials", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + credential + " WHERE manager = ?")) {
                ps.setString(1, manager);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** A page of placements, by id after {@code afterId} (keyset paging over the whole table). */
    List<Placement> placements(Connection c, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, manager, assigned_manager FROM " + credential
                + " WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, afterId);
            ps.setInt(2, limit);
            List<Placement> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Placement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return out;
        }
    }

    /** Placements of credentials created at or after {@code since} (epoch ms). */
    List<Placement> createdSince(Connection c, long since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, manager, assigned_manager FROM " + credential
                + " WHERE created_at >= ? ORDER BY id")) {
            ps.setLong(1, since);
            List<Placement> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Placement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return out;
        }
    }

    /** Credentials whose id, environment or manager contains {@code query} (case-insensitive), by id. */
    List<CredentialInfo> search(String query, int offset, int limit) {
        String like = "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.run(Db.Kind.READ, "search credentials", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, environment, manager, assigned_manager, created_at, updated_at, revision FROM "
                    + credential + " WHERE LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(environment) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(manager) LIKE ? ESCAPE '\\' ORDER BY id LIMIT ? OFFSET ?")) {
                Db.bind(ps, like, like, like, limit, offset);
                List<CredentialInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pointer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7), Map.of()).info());
                    }
                }
                return out;
            }
        });
    }

    /** Where a credential is and where it was sent; for routing changes. */
    record Placement(String id, String environment, String manager, String assignedManager) { }
}
