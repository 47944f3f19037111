package dev.secretref.store;

import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.spi.SecretWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps credentials (OAuth client secrets, tokens, API keys) in the secret manager their environment is routed
 * to, and only references plus metadata in a database table.
 *
 * <pre>{@code
 * CredentialStore store = CredentialStore.builder()
 *     .resolver(resolver)                                  // its managers are the routing targets
 *     .dataSource(ds)                                      // default: embedded H2 file ./secretref-data
 *     .keys(KeyRing.fromEnv("SECRETREF_KEYS"))
 *     .routing(Routing.builder().defaultManager("vault").environment("production", "prod-aws").build())
 *     .build();
 * StoredCredential c = store.put("conn-123", "production", fields);
 * Map<String, String> fields = store.get("conn-123");
 * MoveProgress p = store.setRouting(newRouting);           // moves run in the background
 * }</pre>
 *
 * <p>A credential goes to its assigned manager; else its environment's manager; else the default manager; else
 * the built-in encrypted local store (manager {@code local}). Values are written through the manager's
 * {@link SecretWriter} and read back through the resolver (and its cache) by reference. Routing changes move
 * credentials in the background, as jobs in the database that any node holding a lease may run; a credential is
 * readable at every instant of its move. Thread-safe.
 */
public final class CredentialStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);
    /** The built-in encrypted store's manager name and provider id. */
    public static final String LOCAL = "local";
    static final String DEFAULT_TABLE_PREFIX = "secretref_";
    static final Path DEFAULT_EMBEDDED_PATH = Path.of("secretref-data");

    private final SecretResolver resolver;
    private final Db db;
    private final KeyRing keys;
    private final Clock clock;
    private final Duration pointerTtl;
    private final Duration pollInterval;
    private final CredentialTable credentials;
    private final RoutingTable routingTable;
    private final MoveJobs jobs;
    private final Values values;
    private final PointerCache pointers;
    private final LocalVault vault;
    private final String vaultHandle;
    private final Mover mover;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final JdbcConnectionPool ownedPool;
    private final Map<String, MoveProgress> watched = new ConcurrentHashMap<>();
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private volatile CachedRouting routing;
    private volatile boolean closed;
    /** When this node last changed the routing (epoch ms); a follow-up pass catches puts that used the old one. */
    private volatile long reconcileAfter = Long.MAX_VALUE;
    private volatile long reconcileSince;
    private final String nodeId;

    private record CachedRouting(RoutingTable.Versioned value, long loadedAt) { }

    private CredentialStore(Builder b, DataSource dataSource, JdbcConnectionPool ownedPool, KeyRing keys) {
        this.resolver = b.resolver;
        this.keys = keys;
        this.clock = b.clock;
        this.pointerTtl = b.pointerTtl;
        this.pollInterval = b.pollInterval;
        this.ownedPool = ownedPool;
        this.db = new Db(dataSource, b.tablePrefix);
        Schema.apply(db, clock);
        this.credentials = new CredentialTable(db);
        Settings settings = new Settings(db);
        this.routingTable = new RoutingTable(db, settings);
        this.jobs = new MoveJobs(db);
        this.values = new Values(resolver);
        this.pointers = new PointerCache(credentials, values, clock, pointerTtl);
        this.vault = new LocalVault(db, keys, clock);
        this.vaultHandle = LocalProviderFactory.register(vault);
        if (resolver.managerNames().contains(LOCAL)) {
            LOG.info("Replacing the resolver's manager '{}' by this credential store's encrypted local store", LOCAL);
        }
        resolver.defineManager(ManagerDefinition.of(LOCAL, LOCAL, Map.of("storeHandle", vaultHandle)));
        try {
            initRouting(b.routing);   // before any thread starts: a bad routing fails the build cleanly
        } catch (RuntimeException e) {
            LocalProviderFactory.unregister(vaultHandle);
            resolver.removeManager(LOCAL);
            throw e;
        }
        this.workers = Executors.newFixedThreadPool(b.moveConcurrency, new Daemons("secretref-store-move"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new Daemons("secretref-store-poll"));
        String node = b.nodeId != null ? b.nodeId : defaultNodeId();
        this.nodeId = node;
        this.mover = new Mover(db, credentials, jobs, values, pointers, clock, node, b.leaseDuration, b.moveGrace,
                b.retryBackoff, b.moveAttempts, b.moveConcurrency, workers, b.stepHook);
        scheduler.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Credential store started (tables {}*, node {}, keys {})", db.prefix(), node, keys);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- credentials

    /**
     * Stores a new credential: writes {@code fields} to the manager its environment is routed to and records the
     * references.
     *
     * @throws SecretManagerException {@code VALIDATION}: a bad id, environment or field name ({@code INVALID_REFERENCE}),
     *     an id already stored ({@code CONFLICT}), a target manager that is unknown or cannot write; or the target's
     *     {@code SECRET_MANAGER_WRITE_FAILED} (nothing is recorded then)
     */
    public StoredCredential put(String credentialId, String environment, Map<String, String> fields) {
        ensureOpen();
        Names.credentialId(credentialId);
        Names.environment(environment);
        Map<String, String> checked = Names.fields(fields);
        String target = currentRouting().routing().managerFor(environment);
        SecretWriter writer = values.writer(target);
        long now = clock.millis();
        Pointer p = db.tx(Db.Kind.WRITE, "store a credential", c -> {
            if (credentials.exists(c, credentialId, true)) {
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CONFLICT)
                        .message("Credential '" + credentialId + "' already exists; use update() to change its fields").build();
            }
            // the row first: a concurrent put of the same id now waits here, before writing anything
            credentials.insert(c, new Pointer(credentialId, environment, target, null, now, now, 1, Map.of()));
            jobs.keepSource(c, credentialId, target, now);
            Map<String, String> paths;
            try {
                paths = writer.write(credentialId, checked);
            } catch (RuntimeException e) {
                discard(writer, credentialId, target);
                throw e;
            }
            credentials.insertPaths(c, credentialId, paths);
            return new Pointer(credentialId, environment, target, null, now, now, 1, paths);
        });
        pointers.put(p);
        return new StoredCredential(p.info(), p.references());
    }

    /**
     * The credential's fields, read through the resolver (and its cache) at the manager it points to.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND} for an unknown id; the
     *     manager's error when it cannot be read
     */
    public Map<String, String> get(String credentialId) {
        ensureOpen();
        Names.credentialId(credentialId);
        Pointer p = pointers.get(credentialId).orElseThrow(() -> unknown(credentialId, ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED));
        try {
            return values.read(p.references());
        } catch (SecretManagerException e) {
            // the pointer may be older than a move whose grace period has passed: read it again
            Optional<Pointer> fresh = pointers.reload(credentialId);
            if (fresh.isPresent() && fresh.get().revision != p.revision) {
                return values.read(fresh.get().references());
            }
            throw e;
        }
    }

    /**
     * Replaces the credential's fields where it lives now (a refreshed token). Waits for a move of the same
     * credential in progress, then writes to where the move put it.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_WRITE_FAILED / NOT_FOUND} for an unknown id; the
     *     manager's write error (the old fields stay)
     */
    public StoredCredential update(String credentialId, Map<String, String> fields) {
        ensureOpen();
        Names.credentialId(credentialId);
        Map<String, String> checked = Names.fields(fields);
        Pointer updated = db.tx(Db.Kind.WRITE, "update a credential", c -> {
            Pointer p = credentials.load(c, credentialId, true)
                    .orElseThrow(() -> unknown(credentialId, ErrorCode.SECRET_MANAGER_WRITE_FAILED));
            Map<String, String> paths = values.writer(p.manager).write(credentialId, checked);
            long now = clock.millis();
            credentials.switchPointer(c, credentialId, p.revision, p.manager, paths, now);
            return p.moved(p.manager, paths, now);
        });
        pointers.put(updated);
        return new StoredCredential(updated.info(), updated.references());
    }

    /**
     * Deletes the credential's values from its manager, then its row.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_WRITE_FAILED / NOT_FOUND} for an unknown id
     */
    public void delete(String credentialId) {
        ensureOpen();
        Names.credentialId(credentialId);
        db.tx(Db.Kind.WRITE, "delete a credential", c -> {
            Pointer p = credentials.load(c, credentialId, true)
                    .orElseThrow(() -> unknown(credentialId, ErrorCode.SECRET_MANAGER_WRITE_FAILED));
            values.writer(p.manager).delete(credentialId);
            credentials.delete(c, credentialId);
            jobs.supersedePending(c, credentialId, clock.millis());
            return null;
        });
        pointers.invalidate(credentialId);
    }

    /**
     * Pins the credential to {@code manager} regardless of routing and moves it there in the background.
     *
     * @throws SecretManagerException {@code VALIDATION} when the manager is unknown or cannot write;
     *     {@code SECRET_MANAGER_WRITE_FAILED / NOT_FOUND} for an unknown id
     */
    public MoveProgress assign(String credentialId, String manager) {
        ensureOpen();
        Names.credentialId(credentialId);
        requireWritable(manager);
        MoveProgress progress = db.tx(Db.Kind.WRITE, "assign a credential", c -> {
            Pointer p = credentials.load(c, credentialId, true)
                    .orElseThrow(() -> unknown(credentialId, ErrorCode.SECRET_MANAGER_WRITE_FAILED));
            long now = clock.millis();
            credentials.setAssigned(c, credentialId, manager, now);
            jobs.supersedePending(c, credentialId, now);
            Map<String, String> targets = p.manager.equals(manager) ? Map.of() : Map.of(credentialId, manager);
            return new MoveProgress(jobs.createBatch(c, "assign " + credentialId + " to " + manager, targets, now), targets.size(), jobs);
        });
        pointers.invalidate(credentialId);
        return watch(progress);
    }

    /**
     * The credential's metadata, from the database.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND} for an unknown id
     */
    public CredentialInfo info(String credentialId) {
        ensureOpen();
        Names.credentialId(credentialId);
        return credentials.load(credentialId).map(Pointer::info)
                .orElseThrow(() -> unknown(credentialId, ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED));
    }

    /** Credentials whose id, environment or manager contains {@code query} (case-insensitive), by id. Never values. */
    public List<CredentialInfo> search(String query, int offset, int limit) {
        ensureOpen();
        Objects.requireNonNull(query, "query");
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw SecretManagerException.validation(Reason.INVALID_ARGUMENT, "search needs offset >= 0 and 1 <= limit <= 1000");
        }
        return credentials.search(query, offset, limit);
    }

    // ---------------------------------------------------------------- routing and moves

    /** The routing in force (as persisted; every node sees the same within {@code pointerTtl}). */
    public Routing routing() {
        ensureOpen();
        return currentRouting().routing();
    }

    /**
     * Persists {@code routing} and moves, in the background, every credential whose target changes. Returns at
     * once.
     *
     * @throws SecretManagerException {@code VALIDATION} when a manager it names is unknown or cannot write
     */
    public MoveProgress setRouting(Routing routing) {
        ensureOpen();
        Objects.requireNonNull(routing, "routing");
        routing.defaultManager().ifPresent(this::requireWritable);
        routing.environments().values().forEach(this::requireWritable);
        MoveProgress progress = db.tx(Db.Kind.WRITE, "change the routing", c -> {
            routingTable.lock(c);
            long revision = routingTable.save(c, routing);
            this.routing = new CachedRouting(new RoutingTable.Versioned(routing, revision), clock.millis());
            return plan(c, routing, "setRouting " + routing);
        });
        return watch(progress);
    }

    /**
     * Takes {@code manager} out of the routing and out of every assignment, and moves its credentials to their best
     * fallback (environment manager, default, local). The manager leaves the resolver once nothing is left on it
     * (after the grace period). Returns at once.
     *
     * @throws SecretManagerException {@code VALIDATION}: {@code UNKNOWN_MANAGER}, or {@code UNSUPPORTED} for
     *     {@code local}, which cannot be removed
     */
    public MoveProgress removeManager(String manager) {
        ensureOpen();
        Objects.requireNonNull(manager, "manager");
        if (manager.equals(LOCAL)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED).manager(LOCAL)
                    .message("The built-in local store is every credential's last fallback and cannot be removed").build();
        }
        if (!values.hasManager(manager)) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNKNOWN_MANAGER).manager(manager)
                    .message("No manager named '" + manager + "' is registered in the resolver").build();
        }
        removing.add(manager);
        MoveProgress progress = db.tx(Db.Kind.WRITE, "remove a manager", c -> {
            routingTable.lock(c);
            Routing next = routingTable.load().routing().without(manager);
            long revision = routingTable.save(c, next);
            this.routing = new CachedRouting(new RoutingTable.Versioned(next, revision), clock.millis());
            credentials.unassignAll(c, manager, clock.millis());
            return plan(c, next, "removeManager " + manager);
        });
        return watch(progress);
    }

    /** Supersedes pending jobs and creates one batch moving every credential whose target differs from its place. */
    private MoveProgress plan(Connection c, Routing routing, String cause) throws SQLException {
        long now = clock.millis();
        jobs.supersedeAllPending(c, now);
        Map<String, String> targets = new LinkedHashMap<>();
        String after = "";
        while (true) {
            List<CredentialTable.Placement> page = credentials.placements(c, after, 1000);
            for (CredentialTable.Placement p : page) {
                String target = routing.target(p.environment(), p.assignedManager());
                if (!target.equals(p.manager())) targets.put(p.id(), target);
            }
            if (page.size() < 1000) break;
            after = page.get(page.size() - 1).id();
        }
        String batch = jobs.createBatch(c, cause, targets, now);
        LOG.info("{}: {} credential(s) to move (batch {})", cause, targets.size(), batch);
        return new MoveProgress(batch, targets.size(), jobs);
    }

    private MoveProgress watch(MoveProgress p) {
        long now = clock.millis();
        reconcileSince = Math.min(reconcileAfter == Long.MAX_VALUE ? now : reconcileSince, now - 2 * pointerTtl.toMillis());
        reconcileAfter = now + 2 * pointerTtl.toMillis();
        if (!p.completion().isDone()) {
            watched.put(p.id(), p);
            wake();
        } else {
            checkRemovals();
        }
        return p;
    }

    /** Runs the mover now instead of at the next poll. */
    private void wake() {
        try {
            scheduler.execute(this::tick);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** One poll: run due jobs, complete finished progress, drop removed managers that are empty. */
    private void tick() {
        if (closed) return;
        try {
            mover.drain(false);
            for (MoveProgress p : watched.values()) {
                if (p.check()) watched.remove(p.id());
            }
            checkRemovals();
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Credential store poll failed; retrying in {}: {}", pollInterval, e.toString());
        }
    }

    /**
     * A node that had not yet seen a routing change (its copy is up to {@code pointerTtl} old) may have put a
     * credential with the old routing, unseen by the change's plan. Once every node's copy is fresh, the node that
     * made the change looks at the credentials created around it and moves any that are misplaced.
     */
    private void reconcile() {
        if (clock.millis() < reconcileAfter) return;
        long since = reconcileSince;
        reconcileAfter = Long.MAX_VALUE;
        MoveProgress p = db.tx(Db.Kind.WRITE, "check new credentials against the routing", c -> {
            routingTable.lock(c);
            Routing r = routingTable.load().routing();
            Map<String, String> targets = new LinkedHashMap<>();
            for (CredentialTable.Placement pl : credentials.createdSince(c, since)) {
                String target = r.target(pl.environment(), pl.assignedManager());
                if (!target.equals(pl.manager()) && !jobs.hasPending(c, pl.id())) targets.put(pl.id(), target);
            }
            if (targets.isEmpty()) return null;
            String batch = jobs.createBatch(c, "reconcile after a routing change", targets, clock.millis());
            LOG.info("{} credential(s) stored with an outdated routing are moved (batch {})", targets.size(), batch);
            return new MoveProgress(batch, targets.size(), jobs);
        });
        if (p != null) watched.put(p.id(), p);
    }

    private void checkRemovals() {
        for (String m : removing) {
            if (credentials.countOn(m) == 0 && jobs.openJobsInvolving(m) == 0) {
                removing.remove(m);
                if (values.hasManager(m)) {
                    resolver.removeManager(m);
                    LOG.info("Manager '{}' holds no credential any more and was removed from the resolver", m);
                }
            }
        }
    }

    /** Runs due move steps on the calling thread (tests). Returns the number of steps. */
    int runMovesNow() {
        reconcile();
        int n = mover.drain(true);
        for (MoveProgress p : watched.values()) {
            if (p.check()) watched.remove(p.id());
        }
        checkRemovals();
        return n;
    }

    // ---------------------------------------------------------------- keys

    /**
     * Re-encrypts, under the KeyRing's primary key, every local-store value and every sealed manager definition
     * encrypted under an older key. Returns how many it re-encrypted. Safe to run on several nodes at once.
     */
    public int rotateKeys() {
        ensureOpen();
        int n = vault.rotate() + ManagerRepository.rotate(db, keys, clock);
        LOG.info("Re-encrypted {} value(s) under key {}", n, keys.primaryId());
        return n;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops the background moves (they resume on the next store over this database) and releases the local store. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        scheduler.shutdownNow();
        workers.shutdownNow();
        boolean stopped = false;
        try {
            stopped = scheduler.awaitTermination(5, TimeUnit.SECONDS) & workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            try {
                jobs.releaseAll(nodeId);   // another node (or the next start) may take them at once
            } catch (RuntimeException e) {
                LOG.debug("Could not release this node's move leases; they expire on their own: {}", e.toString());
            }
        }
        watched.values().forEach(MoveProgress::closed);
        watched.clear();
        LocalProviderFactory.unregister(vaultHandle);
        try {
            if (resolver.managerNames().contains(LOCAL)) resolver.removeManager(LOCAL);
        } catch (RuntimeException resolverClosed) {
            // nothing to release
        }
        if (ownedPool != null) ownedPool.dispose();
    }

    @Override
    public String toString() {
        return "CredentialStore[tables " + db.prefix() + "*, " + keys + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- helpers

    private void initRouting(Routing initial) {
        RoutingTable.Versioned persisted = routingTable.load();
        if (initial != null && persisted.revision() == 0) {
            initial.defaultManager().ifPresent(this::requireWritable);
            initial.environments().values().forEach(this::requireWritable);
            persisted = db.tx(Db.Kind.WRITE, "save the first routing", c -> {
                long current = routingTable.lock(c);
                if (current != 0) return null;   // another node saved one first
                return new RoutingTable.Versioned(initial, routingTable.save(c, initial));
            });
            if (persisted == null) persisted = routingTable.load();
        } else if (initial != null && !initial.equals(persisted.routing())) {
            LOG.info("The database already holds a routing ({}); it wins over the builder's ({}). Use setRouting() to change it",
                    persisted.routing(), initial);
        }
        routing = new CachedRouting(persisted, clock.millis());
    }

    private RoutingTable.Versioned currentRouting() {
        CachedRouting r = routing;
        if (clock.millis() - r.loadedAt() < pointerTtl.toMillis()) return r.value();
        RoutingTable.Versioned fresh = routingTable.load();
        routing = new CachedRouting(fresh, clock.millis());
        return fresh;
    }

    private void requireWritable(String manager) {
        values.writer(manager);
    }

    private static void discard(SecretWriter writer, String id, String manager) {
        try {
            writer.delete(id);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove a partial write of credential '{}' from '{}': {}", id, manager, e.toString());
        }
    }

    private static SecretManagerException unknown(String id, ErrorCode code) {
        return SecretManagerException.builder(code, Reason.NOT_FOUND)
                .message("No credential '" + id + "' is in the credential store; check the id (put() creates one)").build();
    }

    private void ensureOpen() {
        if (closed) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED).message("This CredentialStore is closed").build();
        }
    }

    private static String defaultNodeId() {
        // no InetAddress.getLocalHost(): it may wait for DNS
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) host = "node";
        String id = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }

    private static final class Daemons implements ThreadFactory {
        private final String name;
        private final AtomicInteger n = new AtomicInteger();

        Daemons(String name) { this.name = name; }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link CredentialStore}. Each setting may be set once. */
    public static final class Builder {
        private SecretResolver resolver;
        private DataSource dataSource;
        private KeyRing keys;
        private Routing routing;
        private Duration pointerTtl;
        private Duration moveGrace;
        private Duration leaseDuration;
        private String tablePrefix;
        private Path embeddedPath;
        private Clock clock;
        private Duration pollInterval;
        private Duration retryBackoff;
        private Integer moveAttempts;
        private Integer moveConcurrency;
        private String nodeId;
        private Mover.StepHook stepHook;

        private Builder() { }

        private static void once(Object current, String name) {
            if (current != null) throw new IllegalStateException(name + " was already set");
        }

        /** The resolver whose managers are the routing targets; the store adds its manager {@code local} to it. Required. */
        public Builder resolver(SecretResolver resolver) {
            once(this.resolver, "resolver");
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The database (H2 or PostgreSQL). Default: an embedded H2 file {@code ./secretref-data}. */
        public Builder dataSource(DataSource dataSource) {
            once(this.dataSource, "dataSource");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The keys that encrypt local-store values and manager definitions. Required with a {@link #dataSource};
         * the embedded default reads (or generates, 0600) the key file {@code <embeddedPath>.keys}.
         */
        public Builder keys(KeyRing keys) {
            once(this.keys, "keys");
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The first routing, saved when the database holds none; after that the database's routing wins. */
        public Builder routing(Routing routing) {
            once(this.routing, "routing");
            this.routing = Objects.requireNonNull(routing, "routing");
            return this;
        }

        /** How long a node trusts its copy of a credential's pointer and of the routing (default 5 s). */
        public Builder pointerTtl(Duration pointerTtl) {
            once(this.pointerTtl, "pointerTtl");
            this.pointerTtl = positive(pointerTtl, "pointerTtl");
            return this;
        }

        /** How long a moved credential's old copy is kept (default 2 x pointerTtl; must exceed pointerTtl). */
        public Builder moveGrace(Duration moveGrace) {
            once(this.moveGrace, "moveGrace");
            this.moveGrace = positive(moveGrace, "moveGrace");
            return this;
        }

        /** How long a node owns a move job it claimed before another node may take it over (default 30 s). */
        public Builder leaseDuration(Duration leaseDuration) {
            once(this.leaseDuration, "leaseDuration");
            this.leaseDuration = positive(leaseDuration, "leaseDuration");
            return this;
        }

        /** Prefix of the store's tables (default {@code secretref_}); lower-case letters, digits, {@code _}. */
        public Builder tablePrefix(String tablePrefix) {
            once(this.tablePrefix, "tablePrefix");
            this.tablePrefix = Db.requirePrefix(tablePrefix);
            return this;
        }

        /** Where the embedded H2 database and its key file live, without extension (default {@code ./secretref-data}). */
        public Builder embeddedPath(Path path) {
            once(this.embeddedPath, "embeddedPath");
            this.embeddedPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The clock for timestamps, leases, backoff and grace periods (tests pass a fake). */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often this node looks for move jobs (default 1 s); it also looks right after its own routing changes. */
        public Builder pollInterval(Duration pollInterval) {
            once(this.pollInterval, "pollInterval");
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** The first retry delay of a failed move, doubling per attempt up to 5 minutes (default 1 s). */
        public Builder retryBackoff(Duration retryBackoff) {
            once(this.retryBackoff, "retryBackoff");
            this.retryBackoff = positive(retryBackoff, "retryBackoff");
            return this;
        }

        /** Attempts per move before it is given up and reported failed (default 10). */
        public Builder moveAttempts(int attempts) {
            once(this.moveAttempts, "moveAttempts");
            if (attempts < 1) throw new IllegalArgumentException("moveAttempts must be at least 1");
            this.moveAttempts = attempts;
            return this;
        }

        /** Credentials this node moves in parallel (default 4); the data source needs twice as many connections. */
        public Builder moveConcurrency(int threads) {
            once(this.moveConcurrency, "moveConcurrency");
            if (threads < 1 || threads > 64) throw new IllegalArgumentException("moveConcurrency must be between 1 and 64");
            this.moveConcurrency = threads;
            return this;
        }

        /** This node's name in job leases (default host name plus a random suffix); at most 64 characters. */
        public Builder nodeId(String nodeId) {
            once(this.nodeId, "nodeId");
            Objects.requireNonNull(nodeId, "nodeId");
            if (nodeId.isBlank() || nodeId.length() > 64) throw new IllegalArgumentException("nodeId must be 1 to 64 characters");
            this.nodeId = nodeId;
            return this;
        }

        /** Test seam: a hook called at each step of a move. */
        Builder stepHook(Mover.StepHook hook) {
            once(this.stepHook, "stepHook");
            this.stepHook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Opens (and if needed creates) the tables, registers manager {@code local} in the resolver, saves the first
         * routing, and starts looking for move jobs (including ones a crashed node left).
         *
         * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} for missing or conflicting settings;
         *     {@code SECRET_MANAGER_CONNECTION_FAILED} when the database cannot be reached
         */
        public CredentialStore build() {
            if (resolver == null) throw SecretManagerException.validation(Reason.INVALID_CONFIG, "CredentialStore needs a resolver");
            if (clock == null) clock = Clock.systemUTC();
            if (pointerTtl == null) pointerTtl = Duration.ofSeconds(5);
            if (moveGrace == null) moveGrace = pointerTtl.multipliedBy(2);
            if (leaseDuration == null) leaseDuration = Duration.ofSeconds(30);
            if (tablePrefix == null) tablePrefix = DEFAULT_TABLE_PREFIX;
            if (pollInterval == null) pollInterval = Duration.ofSeconds(1);
            if (retryBackoff == null) retryBackoff = Duration.ofSeconds(1);
            if (moveAttempts == null) moveAttempts = 10;
            if (moveConcurrency == null) moveConcurrency = 4;
            if (stepHook == null) stepHook = (step, id) -> { };
            List<String> problems = new ArrayList<>();
            if (moveGrace.compareTo(pointerTtl) <= 0) {
                problems.add("moveGrace (" + moveGrace + ") must be longer than pointerTtl (" + pointerTtl
                        + "), so a node with a cached pointer still finds the old copy");
            }
            if (dataSource != null && embeddedPath != null) problems.add("embeddedPath is for the embedded database; a dataSource was given");
            if (dataSource != null && keys == null) {
                problems.add("keys are required with a dataSource (KeyRing.fromEnv(\"SECRETREF_KEYS\") or KeyRing.fromFile(path)); "
                        + "every node must use the same keys");
            }
            if (!problems.isEmpty()) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG, "Invalid CredentialStore settings: " + String.join("; ", problems));
            }
            if (dataSource != null) return new CredentialStore(this, dataSource, null, keys);
            Path base = (embeddedPath != null ? embeddedPath : DEFAULT_EMBEDDED_PATH).toAbsolutePath();
            KeyRing ring = keys != null ? keys : embeddedKeys(Path.of(base + ".keys"));
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + base + ";LOCK_TIMEOUT=30000;WRITE_DELAY=0", "sa", "");   // WRITE_DELAY=0: a commit is on disk before it returns, so a killed process loses no committed move step
            pool.setMaxConnections(Math.max(16, moveConcurrency * 3));
            try {
                return new CredentialStore(this, pool, pool, ring);
            } catch (RuntimeException e) {
                pool.dispose();
                throw e;
            }
        }

        private static KeyRing embeddedKeys(Path file) {
            if (Files.exists(file)) return KeyRing.fromFile(file);
            KeyRing generated = KeyRing.generate();
            generated.writeTo(file);
            LOG.info("Generated a new key file for the embedded credential store at {} (owner read/write only). Back it up: "
                    + "values in the local store cannot be read without it", file);
            return generated;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be longer than zero");
            return d;
        }
    }
}
