package dev.secretref.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manager definitions (provider id, config, scope, allowed paths) kept in the store's database, their config
 * sealed with the {@link KeyRing} (AES-256-GCM, bound to the manager's name and provider), so a platform keeps
 * its users' vault credentials encrypted at rest. Bound resolvers get every definition at once and are kept in
 * step with other nodes' changes by a revision check every {@code refreshInterval}.
 *
 * <pre>{@code
 * ManagerRepository managers = ManagerRepository.builder().dataSource(ds).keys(keys).build();
 * managers.save(ManagerDefinition.of("acme-vault", "hashicorp", config).scope(Scope.projects("acme")));
 * managers.bind(resolver);      // defines every stored manager; follows later changes
 * }</pre>
 *
 * Cache policies are not stored: loaded managers use the resolver's default. {@link #toString()}, logs and errors
 * never show config values. Thread-safe.
 */
public final class ManagerRepository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRepository.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REVISION = "managers.revision";

    private final Db db;
    private final KeyRing keys;
    private final Clock clock;
    private final Settings settings;
    private final String table;
    private final Duration refreshInterval;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    /** A bound resolver and what it was last given: name to row revision, and the table revision seen. */
    private static final class Binding {
        final SecretResolver resolver;
        final Map<String, Long> known = new HashMap<>();
        long seen = -1;

        Binding(SecretResolver resolver) { this.resolver = resolver; }
    }

    private ManagerRepository(Builder b) {
        this.db = new Db(b.dataSource, b.tablePrefix);
        this.keys = b.keys;
        this.clock = b.clock;
        this.refreshInterval = b.refreshInterval;
        this.settings = new Settings(db);
        this.table = db.t("manager");
        Schema.apply(db, clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secretref-managers-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Saves {@code definition} (replacing one of the same name), its config sealed. Bound resolvers on every node
     * pick it up at their next refresh; this node's at once.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when the config is not plain data, or the
     *     name is {@code local} (the credential store's own)
     */
    public void save(ManagerDefinition definition) {
        ensureOpen();
        Objects.requireNonNull(definition, "definition");
        if (definition.name().equals(CredentialStore.LOCAL)) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                    "'local' is the credential store's built-in manager; give this definition another name");
        }
        String json;
        try {
            json = JSON.writeValueAsString(definition.config());
        } catch (JsonProcessingException e) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG, "The config of manager '" + definition.name()
                    + "' holds values that are not text, numbers, booleans, lists or maps");
        }
        String sealed = keys.seal(json, associatedData(definition.name(), definition.providerId()));
        String projects = definition.scope().isPlatformWide() ? null : String.join(",", definition.scope().projectIds());
        String allow = definition.allowedPaths().isEmpty() ? null : String.join("\n", definition.allowedPaths());
        long now = clock.millis();
        db.tx(Db.Kind.WRITE, "save a manager definition", c -> {
            long revision = settings.increment(c, REVISION);
            Db.update(c, "DELETE FROM " + table + " WHERE name = ?", definition.name());
            Db.update(c, "INSERT INTO " + table + " (name, provider_id, key_id, sealed_config, projects, allow_paths, revision, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", definition.name(), definition.providerId(), keys.primaryId(), sealed,
                    projects, allow, revision, now);
            return null;
        });
        refresh();
    }

    /** Removes the definition named {@code name}; returns whether there was one. Bound resolvers drop the manager. */
    public boolean remove(String name) {
        ensureOpen();
        Objects.requireNonNull(name, "name");
        boolean removed = db.tx(Db.Kind.WRITE, "remove a manager definition", c -> {
            settings.increment(c, REVISION);
            return Db.update(c, "DELETE FROM " + table + " WHERE name = ?", name) == 1;
        });
        refresh();
        return removed;
    }

    /** The stored definition named {@code name}, its config unsealed. */
    public Optional<ManagerDefinition> find(String name) {
        ensureOpen();
        return db.run(Db.Kind.READ, "read a manager definition", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, provider_id, sealed_config, projects, allow_paths FROM "
                    + table + " WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(definition(rs)) : Optional.<ManagerDefinition>empty();
                }
            }
        });
    }

    /** The stored manager names, sorted. */
    public List<String> names() {
        ensureOpen();
        return new ArrayList<>(revisions().keySet());
    }

    /**
     * Defines every stored manager in {@code resolver} now, then keeps it in step: every {@code refreshInterval}
     * the repository compares the table's revision and re-defines what changed, removes what was removed.
     *
     * @throws SecretManagerException a stored definition's error (unknown provider, bad config, unreadable seal)
     */
    public void bind(SecretResolver resolver) {
        ensureOpen();
        Binding b = new Binding(Objects.requireNonNull(resolver, "resolver"));
        sync(b);
        boolean first = bindings.isEmpty();
        bindings.add(b);
        if (first) {
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, refreshInterval.toMillis(), refreshInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Brings every bound resolver up to date now; returns the number of managers defined or removed. */
    public int refresh() {
        int n = 0;
        for (Binding b : bindings) n += sync(b);
        return n;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Refreshing manager definitions failed; retrying in {}: {}", refreshInterval, e.toString());
        }
    }

    private int sync(Binding b) {
        synchronized (b) {
            long revision = db.run(Db.Kind.READ, "read the manager revision", c -> settings.getLong(c, REVISION, 0));
            if (revision == b.seen) return 0;
            Map<String, Long> current = revisions();
            int n = 0;
            for (Map.Entry<String, Long> e : current.entrySet()) {
                if (e.getValue().equals(b.known.get(e.getKey()))) continue;
                Optional<ManagerDefinition> d = find(e.getKey());
                if (d.isEmpty()) continue;   // removed in between; the next revision says so
                b.resolver.defineManager(d.get());
                b.known.put(e.getKey(), e.getValue());
                n++;
            }
            for (String name : new ArrayList<>(b.known.keySet())) {
                if (!current.containsKey(name)) {
                    b.known.remove(name);
                    if (b.resolver.managerNames().contains(name)) b.resolver.removeManager(name);
                    n++;
                }
            }
            b.seen = revision;
            if (n > 0) LOG.info("Manager definitions changed: {} manager(s) defined or removed (revision {})", n, revision);
            return n;
        }
    }

    private Map<String, Long> revisions() {
        return db.run(Db.Kind.READ, "list manager definitions", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, revision FROM " + table + " ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    private ManagerDefinition definition(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        String provider = rs.getString(2);
        Map<String, Object> config;
        try {
            config = JSON.readValue(keys.open(rs.getString(3), associatedData(name, provider)), new TypeReference<>() { });
        } catch (SecretManagerException e) {
            throw e.toBuilder().manager(name).provider(provider)
                    .message("The stored config of manager '" + name + "' cannot be unsealed: " + e.getMessage()).build();
        } catch (JsonProcessingException e) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG, "The stored config of manager '" + name + "' is not a JSON object");
        }
        ManagerDefinition d = ManagerDefinition.of(name, provider, config);
        String projects = rs.getString(4);
        if (projects != null) d = d.scope(Scope.projects(new LinkedHashSet<>(Arrays.asList(projects.split(",")))));
        String allow = rs.getString(5);
        if (allow != null) d = d.allowPaths(allow.split("\n"));
        return d;
    }

    static String associatedData(String name, String providerId) {
        return "secretref/manager/v1\0" + name + "\0" + providerId;
    }

    /** Re-encrypts sealed configs not under the primary key; compare-and-set per row. Returns the number re-encrypted. */
    static int rotate(Db db, KeyRing keys, Clock clock) {
        String table = db.t("manager");
        List<String[]> rows = db.run(Db.Kind.READ, "list manager definitions to re-encrypt", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, provider_id, sealed_config FROM " + table + " WHERE key_id <> ?")) {
                ps.setString(1, keys.primaryId());
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
            n += db.update(Db.Kind.WRITE, "re-encrypt a manager definition", "UPDATE " + table
                    + " SET sealed_config = ?, key_id = ? WHERE name = ? AND sealed_config = ?", resealed, keys.primaryId(), r[0], r[2]);
        }
        return n;
    }

    /** Re-encrypts every definition sealed under an older key; returns how many. */
    public int rotateKeys() {
        ensureOpen();
        return rotate(db, keys, clock);
    }

    /** Stops refreshing. Bound resolvers keep the managers they have. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }

    private void ensureOpen() {
        if (closed) throw SecretManagerException.validation(Reason.CLOSED, "This ManagerRepository is closed");
    }

    /** Names only. */
    @Override
    public String toString() {
        return "ManagerRepository[" + table + ", " + keys + "]";
    }

    /** Builds a {@link ManagerRepository}. Each setting may be set once. */
    public static final class Builder {
        private DataSource dataSource;
        private KeyRing keys;
        private String tablePrefix;
        private Duration refreshInterval;
        private Clock clock;

        private Builder() { }

        /** The database (the credential store's, typically). Required. */
        public Builder dataSource(DataSource dataSource) {
            if (this.dataSource != null) throw new IllegalStateException("dataSource was already set");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The keys that seal configs. Required. */
        public Builder keys(KeyRing keys) {
            if (this.keys != null) throw new IllegalStateException("keys was already set");
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Prefix of the tables (default {@code secretref_}). */
        public Builder tablePrefix(String tablePrefix) {
            if (this.tablePrefix != null) throw new IllegalStateException("tablePrefix was already set");
            this.tablePrefix = Db.requirePrefix(tablePrefix);
            return this;
        }

        /** How often bound resolvers check for other nodes' changes (default 10 s). */
        public Builder refreshInterval(Duration interval) {
            if (this.refreshInterval != null) throw new IllegalStateException("refreshInterval was already set");
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("refreshInterval must be longer than zero");
            this.refreshInterval = interval;
            return this;
        }

        /** The clock for timestamps (tests pass a fake). */
        public Builder clock(Clock clock) {
            if (this.clock != null) throw new IllegalStateException("clock was already set");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens (and if needed creates) the tables.
         *
         * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} without a data source or keys
         */
        public ManagerRepository build() {
            List<String> missing = new ArrayList<>();
            if (dataSource == null) missing.add("dataSource");
            if (keys == null) missing.add("keys");
            if (!missing.isEmpty()) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "ManagerRepository needs " + String.join(" and ", missing));
            }
            if (tablePrefix == null) tablePrefix = CredentialStore.DEFAULT_TABLE_PREFIX;
            if (refreshInterval == null) refreshInterval = Duration.ofSeconds(10);
            if (clock == null) clock = Clock.systemUTC();
            return new ManagerRepository(this);
        }
    }
}
