package dev.secretref;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves secret references in configuration values from registered managers.
 *
 * <pre>{@code
 * SecretResolver resolver = SecretResolver.builder()
 *     .manager("prod-aws", "aws", Map.of("region", "eu-west-1"))
 *     .build();
 * String password = resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
 * Map<String, Object> config = resolver.resolve(rawConfig);
 * }</pre>
 *
 * Thread-safe. Each manager's provider sits behind its own cache ({@link CachePolicy}). A resolve call
 * gathers every reference first, de-duplicates them, fetches what is not cached with one batch per
 * manager, managers in parallel, then builds a new value; the input is never mutated. The first
 * failing reference (in the order found) fails the call with its {@link SecretManagerException}.
 */
public final class SecretResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecretResolver.class);

    private final ProviderRegistry registry;
    private final CachePolicy globalPolicy;
    private final Ticker ticker;
    private final CoarseTicker coarseClock;   // the shared system clock, when no ticker was given
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final Listeners listeners;
    private final TemplateCache templates = new TemplateCache();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile ManagerTable managers;
    private volatile boolean closed;

    private SecretResolver(Builder b, ProviderRegistry registry) {
        this.registry = registry;
        this.globalPolicy = b.cachePolicy;
        this.coarseClock = b.ticker == null ? CoarseTicker.acquire() : null;
        this.ticker = b.ticker != null ? b.ticker : coarseClock;
        this.listeners = new Listeners(b.listeners);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = defaultExecutor();
            this.executor = ownedExecutor;
        }
        this.managers = new ManagerTable(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every provider on the class path, with its config fields and path syntax. */
    public static List<ProviderDescriptor> availableProviders() {
        return ProviderRegistry.load(SecretResolver.class.getClassLoader()).descriptors();
    }

    // ---------------------------------------------------------------- resolving

    /** Resolves a string: one whole reference becomes the secret; embedded references are interpolated. */
    public String resolveString(String value) {
        return resolveString(value, ResolutionContext.none());
    }

    /** {@link #resolveString(String)} for a caller in {@code context}. */
    public String resolveString(String value, ResolutionContext context) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Template t = templates.scan(value);
        if (t == null) return value;
        if (t.size() == 1) {
            SecretReference ref = t.reference(0);
            Manager m = routeAndCheck(ref, context);
            String secret = m.cache.get(ref.path());
            return t.isWholeReference() ? secret : t.render(new String[] {secret});
        }
        return resolve(value, context);
    }

    /** Resolves every reference in {@code value}, deeply; see the class comment. */
    public <T> T resolve(T value) {
        return resolve(value, ResolutionContext.none());
    }

    /** {@link #resolve(Object)} for a caller in {@code context}: managers outside it fail {@code SCOPE_DENIED}. */
    @SuppressWarnings("unchecked")
    public <T> T resolve(T value, ResolutionContext context) {
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Walk walk = new Walk(templates);
        walk.collect(value);
        if (walk.references().isEmpty()) return value;
        Map<SecretReference, String> values = fetch(walk.references(), context);
        return (T) walk.render(value, values);
    }

    /** Resolves a Jackson tree; returns a new tree sharing unchanged subtrees. */
    public JsonNode resolve(JsonNode tree) {
        return resolve(tree, ResolutionContext.none());
    }

    /** {@link #resolve(Object)} on the resolver's executor. */
    public <T> CompletableFuture<T> resolveAsync(T value) {
        return resolveAsync(value, ResolutionContext.none());
    }

    public <T> CompletableFuture<T> resolveAsync(T value, ResolutionContext context) {
        Objects.requireNonNull(context, "context");
        try {
            return CompletableFuture.supplyAsync(() -> resolve(value, context), executor);
        } catch (RuntimeException rejected) {
            return CompletableFuture.failedFuture(closedError());
        }
    }

    private Map<SecretReference, String> fetch(Set<SecretReference> refs, ResolutionContext context) {
        // Route and check scope for every reference before any cache or network access.
        ManagerTable table = managers;
        SecretReference[] order = refs.toArray(new SecretReference[0]);
        Manager[] routed = new Manager[order.length];
        Map<Manager, List<String>> byManager = new LinkedHashMap<>();
        for (int i = 0; i < order.length; i++) {
            Manager m = routeAndCheck(table, order[i], context);
            routed[i] = m;
            byManager.computeIfAbsent(m, k -> new ArrayList<>(order.length)).add(order[i].path());   // distinct refs: a path repeats only under two names of one manager, which the cache tolerates
        }
        Map<Manager, Map<String, Object>> results = new HashMap<>();
        if (byManager.size() == 1) {
            Map.Entry<Manager, List<String>> only = byManager.entrySet().iterator().next();
            results.put(only.getKey(), only.getKey().cache.getAll(only.getValue()));
        } else {
            // One manager on this thread, the others on the executor. This thread then runs any task no
            // worker has started yet, so a small or busy executor can delay a call but never deadlock it.
            List<Fork> forks = new ArrayList<>();
            Map.Entry<Manager, List<String>> first = null;
            for (Map.Entry<Manager, List<String>> e : byManager.entrySet()) {
                if (first == null) {
                    first = e;
                    continue;
                }
                if (e.getKey().cache.answersFromCache(e.getValue())) {   // all fresh hits: no hand-off needed
                    results.put(e.getKey(), e.getKey().cache.getAll(e.getValue()));
                    continue;
                }
                Fork fork = new Fork(e.getKey(), e.getValue());
                forks.add(fork);
                try {
                    executor.execute(fork);
                } catch (RuntimeException rejected) {
                    // run below on this thread
                }
            }
            results.put(first.getKey(), first.getKey().cache.getAll(first.getValue()));
            for (Fork fork : forks) {
                fork.run();
                try {
                    results.put(fork.manager, fork.result.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
            }
        }
        Map<SecretReference, String> values = new HashMap<>(order.length * 2);
        for (int i = 0; i < order.length; i++) {
            Object r = results.get(routed[i]).get(order[i].path());
            if (r instanceof SecretManagerException e) throw e;
            values.put(order[i], (String) r);
        }
        return values;
    }

    /** One manager's batch, run by whichever thread claims it first. */
    private static final class Fork implements Runnable {
        final Manager manager;
        final List<String> paths;
        final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();

        Fork(Manager manager, List<String> paths) {
            this.manager = manager;
            this.paths = paths;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) return;
            try {
                result.complete(manager.cache.getAll(paths));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    private Manager routeAndCheck(SecretReference ref, ResolutionContext context) {
        return routeAndCheck(managers, ref, context);
    }

    private static Manager routeAndCheck(ManagerTable table, SecretReference ref, ResolutionContext context) {
        Manager m = table.route(ref.manager());
        m.check(context, ref.path());
        return m;
    }

    // ---------------------------------------------------------------- writing

    /**
     * The writer of a platform-wide manager; see {@link #writer(String, ResolutionContext)}.
     */
    public SecretWriter writer(String manager) {
        return writer(manager, ResolutionContext.none());
    }

    /**
     * The writer of {@code manager} (a name, or a provider id used by exactly one manager) for a caller in
     * {@code context}. It refuses names that are not credential ids and paths outside the manager's allowed
     * paths, masks written values in its errors, and drops what it overwrites or deletes from the caches, so
     * the next resolve reads the new value.
     *
     * @throws SecretManagerException {@code VALIDATION / UNSUPPORTED} when the manager's store is read-only,
     *     {@code UNKNOWN_MANAGER}, or {@code SCOPE_DENIED} when the context may not use the manager
     */
    public SecretWriter writer(String manager, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = managers.route(manager);
        m.checkScope(context);
        SecretWriter w = m.cache.provider().writer().orElseThrow(() ->
                SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED).manager(m.name).provider(m.providerId)
                        .message("Manager '" + m.name + "' (provider " + m.providerId + ") is read-only: its provider "
                                + "cannot write secrets").build());
        return new ManagerWriter(m, w);
    }

    // ---------------------------------------------------------------- managers

    /** Tests a manager's connection; a success is remembered for the policy's statusTtl, failures never. */
    public ConnectionStatus testConnection(String manager) {
        ensureOpen();
        Manager m = managers.route(manager);
        try {
            m.cache.checkConnection();
            return ConnectionStatus.ok(m.name);
        } catch (SecretManagerException e) {
            SecretManagerException asConnection = e.code() == ErrorCode.VALIDATION ? e
                    : SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                            .message(e.getMessage()).cause(e.getCause()).manager(m.name).provider(m.providerId).build();
            return ConnectionStatus.failed(m.name, asConnection);
        }
    }

    /** Names of secrets a manager holds under {@code prefix} (empty = all), never values. */
    public List<SecretInfo> list(String manager, String prefix) {
        return list(manager, prefix == null ? "" : prefix, ResolutionContext.none());
    }

    /**
     * Names of secrets {@code manager} holds under {@code prefix} (empty = all) that a caller in
     * {@code context} may see: {@code SCOPE_DENIED} when the context may not use the manager; names outside
     * the manager's allowed paths are left out. Never values.
     */
    public List<SecretInfo> list(String manager, String prefix, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = managers.route(manager);
        m.checkScope(context);
        List<SecretInfo> all = m.cache.provider().list(prefix);
        if (m.allowList.allowsEverything()) return all;
        return all.stream().filter(i -> m.allowList.allows(i.path())).toList();
    }

    /** The cache policy in force for a manager (package-private: for tests). */
    CachePolicy managerPolicyForTest(String name) {
        return managers.byName().get(name).cache.policy();
    }

    /** The registered managers' names. */
    public Set<String> managerNames() {
        return managers.byName().keySet();
    }

    /**
     * Adds a manager, or replaces the one of that name: the old one's cache and connection status are
     * dropped and its provider closed.
     */
    public void defineManager(ManagerDefinition definition) {
        ensureOpen();
        Manager m = create(registry, definition, globalPolicy, ticker, executor, listeners);
        replace(definition.name(), m);
    }

    /** Removes a manager, dropping its cache and closing its provider. */
    public void removeManager(String name) {
        replace(name, null);
    }

    private void replace(String name, Manager next) {
        Manager old;
        writeLock.lock();
        try {
            Map<String, Manager> copy = new LinkedHashMap<>(managers.byName());
            old = next == null ? copy.remove(name) : copy.put(name, next);
            managers = new ManagerTable(copy);
        } finally {
            writeLock.unlock();
        }
        if (old != null) {
            old.cache.invalidateAll();
            closeQuietly(old);
        }
    }

    /** Drops a manager's cached values and its cached connection status. */
    public void invalidate(String manager) {
        Manager m = managers.byName().get(manager);
        if (m == null) throw unknown(manager);
        m.cache.invalidateAll();
    }

    /** Drops one cached path of a manager. */
    public void invalidate(String manager, String path) {
        Manager m = managers.byName().get(manager);
        if (m == null) throw unknown(manager);
        m.cache.invalidate(path);
    }

    /** Drops every manager's cached values and statuses. */
    public void clearCache() {
        for (Manager m : managers.byName().values()) m.cache.invalidateAll();
    }

    /** Closes every provider and stops background refreshes. Idempotent. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            writeLock.unlock();
        }
        if (ownedExecutor != null) ownedExecutor.shutdownNow();
        if (coarseClock != null) coarseClock.release();
        for (Manager m : managers.byName().values()) closeQuietly(m);
    }

    private static void closeQuietly(Manager m) {
        try {
            m.cache.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the provider of manager '{}' failed: {}", m.name, e.getClass().getName());
        }
    }

    private void ensureOpen() {
        if (closed) throw closedError();
    }

    private static SecretManagerException closedError() {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED).message("This SecretResolver is closed").build();
    }

    private static SecretManagerException unknown(String manager) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNKNOWN_MANAGER).manager(manager)
                .message("No secret manager named '" + manager + "' is registered").build();
    }

    @Override
    public String toString() {
        return "SecretResolver[managers=" + managers.byName().keySet() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- construction

    private static Manager create(ProviderRegistry registry, ManagerDefinition d, CachePolicy global, Ticker ticker,
                                  Executor executor, Listeners listeners) {
        SecretProviderFactory factory = registry.factory(d.providerId());
        ProviderConfig config;
        try {
            config = ProviderConfig.of(d.name(), factory.descriptor(), d.config());
        } catch (SecretManagerException e) {
            throw e.withContext(d.name(), d.providerId(), null);
        }
        SecretProvider provider;
        try {
            provider = factory.create(config);
        } catch (SecretManagerException e) {
            throw e.withContext(d.name(), d.providerId(), null);
        } catch (RuntimeException e) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                    .manager(d.name()).provider(d.providerId())
                    .message("Provider " + d.providerId() + " could not be created for manager '" + d.name() + "': "
                            + e.getClass().getName()).cause(ProviderGateway.redact(e)).build();
        }
        CachePolicy policy = d.cachePolicy().orElse(global != null ? global : factory.defaultCachePolicy());
        ProviderGateway guarded = new ProviderGateway(d.name(), d.providerId(), provider, config.sensitiveValues());
        return new Manager(d.name(), d.providerId(), d.scope(), d.allowList(), new ManagerCache(guarded, policy, ticker, executor, listeners));
    }

    /** Virtual threads on a Java 21+ runtime, else a cached pool of daemon threads. */
    private static ExecutorService defaultExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            return Executors.newCachedThreadPool(new DaemonThreads());
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "secretref-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Builds a {@link SecretResolver}. Each setting may be set once; manager names must be distinct. */
    public static final class Builder {
        private final List<ManagerDefinition> definitions = new ArrayList<>();
        private final Map<String, ReadyProvider> ready = new LinkedHashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        private final List<SecretResolverListener> listeners = new ArrayList<>();
        private CachePolicy cachePolicy;
        private Executor executor;
        private Ticker ticker;
        private ClassLoader classLoader;

        private Builder() { }

        private void name(String name) {
            if (!names.add(name)) throw new IllegalStateException("manager '" + name + "' was already defined");
        }

        /** A platform-wide manager using the provider {@code providerId}, found through ServiceLoader. */
        public Builder manager(String name, String providerId, Map<String, ?> config) {
            return manager(ManagerDefinition.of(name, providerId, config));
        }

        public Builder manager(ManagerDefinition definition) {
            Objects.requireNonNull(definition, "definition");
            name(definition.name());
            definitions.add(definition);
            return this;
        }

        /** A manager backed by a ready provider instance (an {@link InMemorySecretProvider} in tests), platform-wide. */
        public Builder provider(String name, SecretProvider provider) {
            return provider(name, provider, Scope.platformWide());
        }

        /** A manager backed by a ready provider instance, limited to {@code scope}. */
        public Builder provider(String name, SecretProvider provider, Scope scope) {
            Objects.requireNonNull(scope, "scope");
            return provider(ManagerDefinition.of(name, provider instanceof InMemorySecretProvider ? "memory" : "custom", Map.of())
                    .scope(scope), provider);
        }

        /**
         * A manager backed by a ready provider instance, with the definition's name, scope, allowed paths and
         * cache policy. The definition's provider id is what errors and listeners report; its config must be
         * empty (the instance is already configured).
         */
        public Builder provider(ManagerDefinition definition, SecretProvider provider) {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(provider, "provider");
            if (!definition.config().isEmpty()) {
                throw new IllegalArgumentException("a ready provider takes no config; manager '" + definition.name()
                        + "' has config keys " + definition.config().keySet());
            }
            name(definition.name());
            ready.put(definition.name(), new ReadyProvider(provider, definition));
            return this;
        }

        /** The cache policy of every manager that sets none (overrides each provider's default). */
        public Builder cachePolicy(CachePolicy policy) {
            if (cachePolicy != null) throw new IllegalStateException("cachePolicy was already set");
            cachePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Where managers are fetched in parallel and refreshes run. Not shut down by {@link #close()}. */
        public Builder executor(Executor executor) {
            if (this.executor != null) throw new IllegalStateException("executor was already set");
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Receives cache events; may be called several times to add listeners. */
        public Builder listener(SecretResolverListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The time source for cache ages (tests pass a fake). */
        public Builder ticker(Ticker ticker) {
            if (this.ticker != null) throw new IllegalStateException("ticker was already set");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The class loader to find providers with (default: secretref's own). */
        public Builder classLoader(ClassLoader classLoader) {
            if (this.classLoader != null) throw new IllegalStateException("classLoader was already set");
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Validates every manager's config and creates its provider (no network I/O).
         *
         * @throws SecretManagerException {@code VALIDATION} for an unknown provider or invalid config; the
         *     first problem is thrown, problems of other managers are attached as suppressed
         */
        public SecretResolver build() {
            ProviderRegistry registry = ProviderRegistry.load(classLoader != null ? classLoader : SecretResolver.class.getClassLoader());
            SecretResolver resolver = new SecretResolver(this, registry);
            Map<String, Manager> built = new LinkedHashMap<>();
            SecretManagerException failure = null;
            for (ManagerDefinition d : definitions) {
                try {
                    built.put(d.name(), create(registry, d, cachePolicy, resolver.ticker, resolver.executor, resolver.listeners));
                } catch (SecretManagerException e) {
                    if (failure == null) failure = e; else failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                built.values().forEach(SecretResolver::closeQuietly);
                resolver.close();
                throw failure;
            }
            for (Map.Entry<String, ReadyProvider> e : ready.entrySet()) {
                SecretProvider p = e.getValue().provider;
                ManagerDefinition d = e.getValue().definition;
                String id = d.providerId();
                CachePolicy policy = d.cachePolicy().orElse(cachePolicy != null ? cachePolicy : CachePolicy.defaults());
                ProviderGateway guarded = new ProviderGateway(e.getKey(), id, p, Set.of());
                built.put(e.getKey(), new Manager(e.getKey(), id, d.scope(), d.allowList(),
                        new ManagerCache(guarded, policy, resolver.ticker, resolver.executor, resolver.listeners)));
            }
            resolver.managers = new ManagerTable(built);
            return resolver;
        }

        private record ReadyProvider(SecretProvider provider, ManagerDefinition definition) { }
    }
}
