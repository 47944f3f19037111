package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The built-in encrypted local store (provider id {@code local}): one row per credential field in
 * {@code <prefix>local_secret}, the value sealed by the {@link KeyRing} with associated data binding it to its
 * credential id and field, so a value copied to another row fails to decrypt. Path: {@code credentialId:field}.
 */
final class LocalVault implements SecretProvider, SecretWriter {
    static final String PROVIDER_ID = "local";

    private final Db db;
    private final KeyRing keys;
    private final Clock clock;
    private final String table;

    LocalVault(Db db, KeyRing keys, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.clock = clock;
        this.table = db.t("local_secret");
    }

    static String associatedData(String credentialId, String field) {
        return "secretref/local/v1\0" + credentialId + "\0" + field;
    }

    static String path(String credentialId, String field) {
        return credentialId + ":" + field;
    }

    /** Splits and checks {@code credentialId:field}. */
    private static String[] parse(String path) {
        int colon = path.indexOf(':');
        if (colon <= 0 || colon == path.length() - 1) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).provider(PROVIDER_ID).path(path)
                    .message("A local store path is credentialId:field, e.g. conn-123:access_token").build();
        }
        String id = path.substring(0, colon);
        String field = path.substring(colon + 1);
        try {
            Names.credentialId(id);
            Names.field(field);
        } catch (SecretManagerException e) {
            throw e.withContext(null, PROVIDER_ID, path);
        }
        return new String[] {id, field};
    }

    @Override
    public void validatePath(String path) {
        parse(path);
    }

    @Override
    public String fetch(String path) {
        String[] p = parse(path);
        String sealed = db.run(Db.Kind.READ, "read a local value", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM " + table + " WHERE credential_id = ? AND field = ?")) {
                ps.setString(1, p[0]);
                ps.setString(2, p[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (sealed == null) {
            throw SecretManagerException.notFound(path, "The local store holds no field '" + p[1] + "' for credential '" + p[0] + "'");
        }
        return open(sealed, p[0], p[1], path);
    }

    private String open(String sealed, String id, String field, String path) {
        try {
            return keys.open(sealed, associatedData(id, field));
        } catch (SecretManagerException e) {
            throw e.toBuilder().provider(PROVIDER_ID).path(path)
                    .message("Local store value " + path + " cannot be read: " + e.getMessage()).build();
        }
    }

    /** One query per credential id among the paths. */
    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (String path : paths) {
            try {
                byId.computeIfAbsent(parse(path)[0], k -> new ArrayList<>()).add(path);
            } catch (SecretManagerException e) {
                out.put(path, FetchResult.error(e));
            }
        }
        for (Map.Entry<String, List<String>> e : byId.entrySet()) {
            Map<String, String> sealed;
            try {
                sealed = sealedFields(e.getKey());
            } catch (SecretManagerException ex) {
                e.getValue().forEach(p -> out.put(p, FetchResult.error(ex)));
                continue;
            }
            for (String path : e.getValue()) {
                String field = path.substring(path.indexOf(':') + 1);
                String s = sealed.get(field);
                try {
                    if (s == null) {
                        throw SecretManagerException.notFound(path, "The local store holds no field '" + field
                                + "' for credential '" + e.getKey() + "'");
                    }
                    out.put(path, FetchResult.value(open(s, e.getKey(), field, path)));
                } catch (SecretManagerException ex) {
                    out.put(path, FetchResult.error(ex));
                }
            }
        }
        return out;
    }

    private Map<String, String> sealedFields(String id) {
        return db.run(Db.Kind.READ, "read local values", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT field, sealed FROM " + table + " WHERE credential_id = ?")) {
                ps.setString(1, id);
                Map<String, String> m = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) m.put(rs.getString(1), rs.getString(2));
                }
                return m;
            }
        });
    }

    @Override
    public void checkConnection() {
        db.run(Db.Kind.READ, "answer a probe", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE credential_id = ''")) {
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /** Names under {@code prefix}: a credential id prefix, or {@code id:} plus a field prefix. */
    @Override
    public List<SecretInfo> list(String prefix) {
        int colon = prefix.indexOf(':');
        String idPart = colon < 0 ? prefix : prefix.substring(0, colon);
        String like = escapeLike(idPart) + (colon < 0 ? "%" : "");
        return db.run(Db.Kind.READ, "list local values", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT credential_id, field FROM " + table
                    + " WHERE credential_id LIKE ? ESCAPE '\\' ORDER BY credential_id, field")) {
                ps.setString(1, like);
                List<SecretInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String p = path(rs.getString(1), rs.getString(2));
                        if (p.startsWith(prefix)) out.add(SecretInfo.of(p));
                    }
                }
                return out;
            }
        });
    }

    /**
     * One page in path order, the name text and prefix matched in SQL; with the database's OFFSET/LIMIT and
     * COUNT when nothing but SQL filters the query, else by walking the matching rows. Each path carries the
     * time its credential was last written.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        String like = "%" + escapeLike(query.text().toLowerCase(Locale.ROOT)) + "%";
        String prefixLike = escapeLike(query.prefix()) + "%";
        String where = " WHERE LOWER(credential_id || ':' || field) LIKE ? ESCAPE '\\' AND credential_id || ':' || field LIKE ? ESCAPE '\\'";
        boolean exact = !query.filtersPaths();
        return db.run(Db.Kind.READ, "search local values", c -> {
            long total = -1;
            if (exact) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + where)) {
                    ps.setString(1, like);
                    ps.setString(2, prefixLike);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
            String sql = "SELECT credential_id, field, updated_at FROM " + table + where + " ORDER BY credential_id, field"
                    + (exact ? " LIMIT ? OFFSET ?" : "");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, like);
                ps.setString(2, prefixLike);
                if (exact) {
                    ps.setInt(3, query.limit());
                    ps.setLong(4, query.offset());
                }
                List<SecretInfo> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    if (!exact) return RowIterator.walk(rs, query);
                    while (rs.next()) rows.add(info(rs));
                }
                return SecretPage.of(rows, query.offset() + rows.size() < total, OptionalLong.of(total));
            }
        });
    }

    private static SecretInfo info(ResultSet rs) throws SQLException {
        Optional<Instant> updated = Optional.of(Instant.ofEpochMilli(rs.getLong(3)));
        return SecretInfo.of(path(rs.getString(1), rs.getString(2))).withTimes(Optional.empty(), updated);
    }

    /** A row read failure carried through the {@link Iterator} interface. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() { return (SQLException) super.getCause(); }
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The rows of an open result set, read as the page walk asks for them. */
    private static final class RowIterator implements Iterator<SecretInfo> {
        private final ResultSet rs;
        private Boolean ahead;

        private RowIterator(ResultSet rs) {
            this.rs = rs;
        }

        /** {@link SecretPage#walk} over the rows, reading no row past the page. */
        static SecretPage walk(ResultSet rs, SecretQuery query) throws SQLException {
            try {
                return SecretPage.walk(new RowIterator(rs), query);
            } catch (UncheckedSql e) {
                throw e.getCause();
            }
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = rs.next();
                } catch (SQLException e) {
                    throw new UncheckedSql(e);
                }
            }
            return ahead;
        }

        @Override
        public SecretInfo next() {
            if (!hasNext()) throw new NoSuchElementException();
            ahead = null;
            try {
                return info(rs);
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(this);
    }

    /** Replaces every field of {@code name} in one transaction. */
    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        Names.credentialId(name);
        Map<String, String> checked = Names.fields(fields);
        Map<String, String> sealed = new LinkedHashMap<>();
        checked.forEach((f, v) -> sealed.put(f, keys.seal(v, associatedData(name, f))));
        long now = clock.millis();
        db.tx(Db.Kind.WRITE, "write local values", c -> {
            Db.update(c, "DELETE FROM " + table + " WHERE credential_id = ?", name);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (credential_id, field, key_id, sealed, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, String> e : sealed.entrySet()) {
                    Db.bind(ps, name, e.getKey(), keys.primaryId(), e.getValue(), now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        Map<String, String> paths = new LinkedHashMap<>();
        checked.keySet().forEach(f -> paths.put(f, path(name, f)));
        return paths;
    }

    @Override
    public Optional<Map<String, String>> paths(String name, Set<String> fields) {
        Map<String, String> paths = new LinkedHashMap<>();
        fields.forEach(f -> paths.put(f, path(name, f)));
        return Optional.of(paths);
    }

    @Override
    public void delete(String name) {
        Names.credentialId(name);
        db.update(Db.Kind.WRITE, "delete local values", "DELETE FROM " + table + " WHERE credential_id = ?", name);
    }

    /**
     * Re-encrypts every value not under the primary key. Each row is replaced only if unchanged since it was read,
     * so a concurrent write is never overwritten. Returns the number re-encrypted.
     */
    int rotate() {
        String primary = keys.primaryId();
        List<String[]> rows = db.run(Db.Kind.READ, "list values to re-encrypt", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT credential_id, field, sealed FROM " + table + " WHERE key_id <> ?")) {
                ps.setString(1, primary);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
                return out;
            }
        });
        int n = 0;
        for (String[] r : rows) {
            String ad = associatedData(r[0], r[1]);
            String resealed = keys.seal(keys.open(r[2], ad), ad);
            n += db.update(Db.Kind.WRITE, "re-encrypt a local value", "UPDATE " + table
                    + " SET sealed = ?, key_id = ? WHERE credential_id = ? AND field = ? AND sealed = ?",
                    resealed, primary, r[0], r[1], r[2]);
        }
        return n;
    }

    @Override
    public String toString() {
        return "LocalVault[" + table + ", " + keys + "]";
    }
}
