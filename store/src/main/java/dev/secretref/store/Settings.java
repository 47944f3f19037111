package dev.secretref.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Named counters in {@code setting}: read, lock, increment. */
final class Settings {
    private final String table;

    Settings(Db db) {
        this.table = db.t("setting");
    }

    long getLong(Connection c, String name, long fallback) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM " + table + " WHERE setting_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : fallback;
            }
        }
    }

    /** Locks counter {@code name} (creating it at 0) until the transaction ends; returns its value. */
    long lock(Connection c, String name) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM " + table + " WHERE setting_name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return Long.parseLong(rs.getString(1));
                }
            }
            if (attempt > 0) throw new SQLException("setting " + name + " cannot be created", "55000");
            create(c, name);
        }
    }

    /** Increments counter {@code name} (creating it) and returns the new value. */
    long increment(Connection c, String name) throws SQLException {
        long next = lock(c, name) + 1;
        Db.update(c, "UPDATE " + table + " SET setting_value = ? WHERE setting_name = ?", Long.toString(next), name);
        return next;
    }

    /** Inserts the row at 0 unless another transaction did (then its insert wins). */
    private void create(Connection c, String name) throws SQLException {
        java.sql.Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
        try {
            Db.update(c, "INSERT INTO " + table + " (setting_name, setting_value) VALUES (?, '0')", name);
        } catch (SQLException duplicate) {
            if (sp != null) c.rollback(sp);
        }
    }
}
