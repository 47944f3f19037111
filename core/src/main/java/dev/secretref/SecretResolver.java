package dev.secretref;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import dev.secretref.spi.SharedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

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
 * Thread-safe. Each manager's provider sits behind its own cache ({@link CachePolicy}), and optionally a
 * cache shared with other nodes ({@link Builder#sharedCache}). A resolve call gathers every reference
 * first, de-duplicates them, fetches what is not cached with one batch per manager, managers in parallel,
 * then builds a new value; the input is never mutated. The first failing reference (in the order found)
 * fails the call with its {@link SecretManagerException}. Cancelling an async call or closing the resolver
 * interrupts the remote calls in progress.
 */
public final class SecretResolver implements AutoCloseable {
    private final ResolverRuntime runtime;
    private final ManagerRegistry registry;
    private final ManagerAssembler assembler;
    private final FanOut fanOut;
    private final TemplateCache templates = new TemplateCache();
    /** The sizes of the last deep resolve, to size the next one's tables; written racily, only ever a hint. */
    private int lastReferences;
    private int lastMarked;
    private final Set<InFlightCall> calls = ConcurrentHashMap.newKeySet();
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private SecretResolver(ResolverRuntime runtime, ManagerRegistry registry, ManagerAssembler assembler) {
        this.runtime = runtime;
        this.registry = registry;
        this.assembler = assembler;
        this.fanOut = new FanOut(runtime.executor);
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
        if (t.size() != 1) return resolve(value, context);
        SecretReference ref = t.reference(0);
        Manager m = t.routeFirst(registry.table(), context);
        m.check(context, ref.path());
        String secret = m.cache.peekFresh(ref.path());      // the hot path: a fresh hit, no bookkeeping
        if (secret == null) secret = inCall(new InFlightCall(), call -> m.get(ref.path(), context));
        else m.resolved(ref.path(), context);
        return t.isWholeReference() ? secret : t.render(new String[] {secret});
    }

    /**
     * Resolves every reference in {@code value}, deeply; see the class comment. The result has the input's
     * kind: a {@code TreeMap} comes back sorted the same way, a {@code List} as a list.
     */
    public <T> T resolve(T value) {
        return resolve(value, ResolutionContext.none());
    }

    /** {@link #resolve(Object)} for a caller in {@code context}: managers outside it fail {@code SCOPE_DENIED}. */
    public <T> T resolve(T value, ResolutionContext context) {
        return resolve(value, context, new InFlightCall());
    }

    @SuppressWarnings("unchecked")
    private <T> T resolve(T value, ResolutionContext context, InFlightCall call) {
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Walk walk = new Walk(templates, lastReferences, lastMarked);
        walk.collect(value);
        SecretReference[] references = walk.references();
        lastReferences = references.length;
        lastMarked = walk.markedCount();
        if (references.length == 0) return value;
        String[] values = inCall(call, c -> fanOut.fetch(registry.table(), references, context, c));
        return (T) walk.render(value, values);
    }

    /** Resolves a Jackson tree; returns a new tree sharing unchanged subtrees. */
    public JsonNode resolve(JsonNode tree) {
        return resolve(tree, ResolutionContext.none());
    }

    /** {@link #resolve(Object)} on the resolver's executor. {@code cancel(true)} interrupts its remote calls. */
    public <T> CompletableFuture<T> resolveAsync(T value) {
        return resolveAsync(value, ResolutionContext.none());
    }

    /** {@link #resolve(Object, ResolutionContext)} on the resolver's executor; {@code cancel(true)} interrupts its remote calls. */
    public <T> CompletableFuture<T> resolveAsync(T value, ResolutionContext context) {
        Objects.requireNonNull(context, "context");
        if (closed) return CompletableFuture.failedFuture(closedError());
        InFlightCall call = new InFlightCall();
        CompletableFuture<T> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled && mayInterruptIfRunning) call.abort();
                return cancelled;
            }
        };
        try {
            runtime.executor.execute(() -> {
                if (future.isDone()) return;
                try {
                    future.complete(resolve(value, context, call));
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            return CompletableFuture.failedFuture(closedError());
        }
        return future;
    }

    /**
     * Runs {@code work} as part of {@code call}: registered so {@link #close()} can abort it, and reporting
     * {@code CLOSED} for whatever failed because the resolver was closed meanwhile.
     */
    private <R> R inCall(InFlightCall call, Function<InFlightCall, R> work) {
        if (!call.enter()) throw cancelled();
        calls.add(call);
        try {
            if (closed) throw closedError();
            return work.apply(call);
        } catch (RuntimeException e) {
            if (closed && !(e instanceof SecretManagerException sme && sme.reason() == Reason.CLOSED)) {
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED)
                        .message("This SecretResolver was closed while the call was in progress").cause(e).build();
            }
            if (call.isAborted() && !closed) throw cancelled();
            throw e;
        } finally {
            calls.remove(call);
            call.leave();
        }
    }

    // ---------------------------------------------------------------- managers

    /** Tests a platform-wide manager's connection; see {@link #testConnection(String, ResolutionContext)}. */
    public ConnectionStatus testConnection(String manager) {
        return testConnection(manager, ResolutionContext.none());
    }

    /**
     * Tests the connection of {@code manager} (a name, or a provider id used by exactly one manager) for a
     * caller in {@code context}; a success is remembered for the policy's statusTtl, failures never.
     *
     * @throws SecretManagerException {@code UNKNOWN_MANAGER}, or {@code SCOPE_DENIED} when the context may not
     *     use the manager
     */
    public ConnectionStatus testConnection(String manager, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = registry.table().route(manager, context);
        m.checkScope(context);
        try {
            inCall(new InFlightCall(), call -> {
                m.cache.checkConnection();
                return null;
            });
            return ConnectionStatus.ok(m.name);
        } catch (SecretManagerException e) {
            SecretManagerException asConnection = e.code() == ErrorCode.VALIDATION ? e
                    : SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                            .message(e.getMessage()).cause(e.getCause()).manager(m.name).provider(m.providerId).build();
            return ConnectionStatus.failed(m.name, asConnection);
        }
    }

    /**
     * Checks, without touching a cache or a store, that a caller in {@code context} may reference {@code path} in
     * {@code manager}: the manager exists (or is the one manager of a provider id), its scope admits the context, and
     * its allowed paths admit the path. Platforms call it when a user saves a reference; {@code SecretSync} calls it
     * for its sources.
     *
     * @throws SecretManagerException {@code VALIDATION} with {@code UNKNOWN_MANAGER} or {@code SCOPE_DENIED}
     */
    public void checkAccess(String manager, String path, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        registry.table().route(manager, context).check(context, path);
    }

    /** Every name a platform-wide manager holds; see {@link #list(String, String, ResolutionContext)}. */
    public List<SecretInfo> list(String manager) {
        return list(manager, "", ResolutionContext.none());
    }

    /**
     * Names of secrets a platform-wide manager holds under {@code prefix} (empty = all), never values.
     * A {@code null} prefix is still read as "all" for callers of the first release; prefer {@link #list(String)}.
     */
    public List<SecretInfo> list(String manager, String prefix) {
        return list(manager, prefix == null ? "" : prefix, ResolutionContext.none());
    }

    /**
     * Names of secrets {@code manager} holds under {@code prefix} (empty = all) that a caller in
     * {@code context} may see, never values. Names outside the manager's allowed paths are left out.
     *
     * @throws SecretManagerException {@code SCOPE_DENIED} when the context may not use the manager;
     *     {@code VALIDATION / UNSUPPORTED} when the provider cannot list
     */
    public List<SecretInfo> list(String manager, String prefix, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = registry.table().route(manager, context);
        m.checkScope(context);
        List<SecretInfo> all = inCall(new InFlightCall(), call -> m.cache.provider().list(prefix));
        if (all == null) return List.of();
        if (m.allowList.allowsEverything()) return List.copyOf(all);
        return all.stream().filter(i -> m.allowList.allows(i.path())).toList();
    }

    /**
     * One page of the secrets {@code manager} holds whose name contains {@code query}'s text
     * (case-insensitive), for a caller in {@code context}: names, descriptions and times, never values, in
     * the store's stable order. Only names the caller may reference count: the manager's allowed paths
     * narrow the query before the store pages it, so pages neither overlap nor skip.
     *
     * <pre>{@code
     * SecretPage page = resolver.search("prod-aws", SecretQuery.of("slack").offset(0).limit(50), ctx);
     * }</pre>
     *
     * @throws SecretManagerException {@code SCOPE_DENIED} when the context may not use the manager,
     *     {@code UNKNOWN_MANAGER}; {@code VALIDATION / UNSUPPORTED} when the provider cannot list
     */
    public SecretPage search(String manager, SecretQuery query, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = registry.table().route(manager, context);
        m.checkScope(context);
        // the manager's own list object, the same on every call: a provider may key resume points of a walk on it
        SecretQuery asked = m.allowList.allowsEverything() ? query : query.onlyPaths(m.allowList);
        SecretPage page = inCall(new InFlightCall(), call -> m.cache.provider().search(asked));
        if (page.items().size() <= asked.limit() && page.items().stream().allMatch(i -> asked.test(i.path()))) return page;
        // a provider that ignored part of the query: never show what the caller may not see, nor more than asked
        List<SecretInfo> kept = page.items().stream().filter(i -> asked.test(i.path())).limit(asked.limit()).toList();
        return SecretPage.of(kept, page.hasMore(), OptionalLong.empty());
    }

    // ---------------------------------------------------------------- writing

    /** The writer of a platform-wide manager; see {@link #writer(String, ResolutionContext)}. */
    public SecretWriter writer(String manager) {
        return writer(manager, ResolutionContext.none());
    }

    /**
     * The writer of {@code manager} (a name, or a provider id used by exactly one manager) for a caller in
     * {@code context}. It refuses names that are not credential ids and paths outside the manager's allowed
     * paths, masks written values in its errors, and drops what it overwrites or deletes from the caches (this
     * node's and the shared one), so the next resolve reads the new value.
     *
     * @throws SecretManagerException {@code VALIDATION / UNSUPPORTED} when the manager's store is read-only,
     *     {@code UNKNOWN_MANAGER}, or {@code SCOPE_DENIED} when the context may not use the manager
     */
    public SecretWriter writer(String manager, ResolutionContext context) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(context, "context");
        ensureOpen();
        Manager m = registry.table().route(manager, context);
        m.checkScope(context);
        SecretWriter w = m.cache.provider().writer().orElseThrow(() ->
                SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED).manager(m.name).provider(m.providerId)
                        .message("Manager '" + SecretReference.abbreviate(m.name) + "' (provider " + m.providerId + ") is read-only: its provider "
                                + "cannot write secrets").build());
        return new ManagerWriter(m, w);
    }

    /** The cache policy in force for a manager (package-private: for tests). */
    CachePolicy managerPolicyForTest(String name) {
        return registry.table().byName().get(name).cache.policy();
    }

    /** Adds a listener to this built resolver (as {@link Builder#listener} does); closing the registration removes it. */
    public SecretResolverListener.Registration addListener(SecretResolverListener listener) { return assembler.listeners().add(listener); }

    /** A live, read-only view of the managers' provider ids and cache sizes and the shared cache's state, for meters. */
    public ResolverView view() { return new ResolverView(registry, assembler.shared()); }

    /** The registered managers' names. */
    public Set<String> managerNames() {
        return registry.table().byName().keySet();
    }

    /**
     * Adds a manager, or replaces the one of that name: the old one's cache and connection status are
     * dropped and its provider closed.
     */
    public void defineManager(ManagerDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        ensureOpen();
        registry.replace(definition.name(), assembler.assemble(definition));
    }

    /** Removes a manager, dropping its cache and closing its provider. */
    public void removeManager(String name) {
        registry.replace(name, null);
    }

    /**
     * Drops a manager's cached values and its cached connection status, on this node and, with a shared
     * cache, on every node. {@code manager} is a name, or a provider id used by exactly one manager.
     */
    public void invalidate(String manager) {
        registry.table().route(Objects.requireNonNull(manager, "manager"), ResolutionContext.none()).cache.invalidateAll();
    }

    /** Drops one cached path of a manager, on this node and, with a shared cache, on every node. */
    public void invalidate(String manager, String path) {
        Objects.requireNonNull(path, "path");
        registry.table().route(Objects.requireNonNull(manager, "manager"), ResolutionContext.none()).cache.invalidate(path);
    }

    /** Drops every manager's cached values and statuses. */
    public void clearCache() {
        for (Manager m : registry.table().byName().values()) m.cache.invalidateAll();
    }

    /**
     * Closes every provider and stops background refreshes and the resolver's own threads. Calls in progress
     * are interrupted and fail {@code VALIDATION / CLOSED}. A shared cache and a user's executor are not
     * closed. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) return;
            closed = true;
        }
        for (InFlightCall call : calls) call.abort();
        registry.closeAll();
        runtime.close();
    }

    private void ensureOpen() {
        if (closed) throw closedError();
    }

    private static SecretManagerException closedError() {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED).message("This SecretResolver is closed").build();
    }

    private static SecretManagerException cancelled() {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.CLOSED).message("The call was cancelled").build();
    }

    /** Applies another node's invalidation to this node's caches. */
    private void onRemoteInvalidation(SharedCache.Invalidation inv) {
        if (closed) return;
        Manager m = registry.table().byName().get(inv.manager());
        if (m == null) return;
        if (inv.path().isPresent()) {
            m.cache.invalidateLocally(inv.path().get());
        } else {
            m.cache.invalidateAllLocally();
        }
    }

    @Override
    public String toString() {
        return "SecretResolver[managers=" + registry.table().byName().keySet() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- construction

    /** Builds a {@link SecretResolver}. Each setting may be set once; manager names must be distinct. */
    public static final class Builder {
        /** How long a resolve waits for the shared cache before going on without it, unless set. */
        static final Duration DEFAULT_SHARED_CACHE_TIMEOUT = Duration.ofMillis(250);
        /** How old a local entry may be served while the shared cache may be missing invalidations, unless set. */
        static final Duration DEFAULT_SHARED_CACHE_DISCONNECTED_TTL = Duration.ofSeconds(5);

        private final List<ManagerDefinition> definitions = new ArrayList<>();
        private final Map<String, ReadyProvider> ready = new LinkedHashMap<>();
        private final Set<String> names = new LinkedHashSet<>();
        private final List<SecretResolverListener> listeners = new ArrayList<>();
        private CachePolicy cachePolicy;
        private Executor executor;
        private Ticker ticker;
        private ClassLoader classLoader;
        private SharedCache sharedCache;
        private Duration sharedCacheTimeout;
        private Duration sharedCacheDisconnectedTtl;

        private Builder() { }

        private void name(String name) {
            if (!names.add(name)) throw new IllegalStateException("manager '" + SecretReference.abbreviate(name) + "' was already defined");
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
                throw new IllegalArgumentException("a ready provider takes no config; manager '" + SecretReference.abbreviate(definition.name())
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
         * A cache shared with other nodes: on a local miss it is asked before the store, and what the store
         * returns is put there with the manager's ttl (not-found answers and errors are not shared);
         * {@code invalidate} and writes reach every node. A shared cache that fails or takes longer than
         * 250 ms is skipped: it never fails a resolve. Not closed by {@link #close()}.
         */
        public Builder sharedCache(SharedCache sharedCache) {
            return sharedCache(sharedCache, DEFAULT_SHARED_CACHE_TIMEOUT);
        }

        /** {@link #sharedCache(SharedCache)}, waiting at most {@code timeout} for each of its reads and invalidations. */
        public Builder sharedCache(SharedCache sharedCache, Duration timeout) {
            if (this.sharedCache != null) throw new IllegalStateException("sharedCache was already set");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
            this.sharedCache = Objects.requireNonNull(sharedCache, "sharedCache");
            this.sharedCacheTimeout = timeout;
            return this;
        }

        /**
         * How old a local entry may be served while the shared cache says this node may be missing other
         * nodes' invalidations ({@link SharedCache#invalidationsLive()} false, e.g. its subscriber is
         * disconnected); an older one is reloaded through the shared cache and the store. Default 5 s; a
         * manager's shorter ttl wins. Only matters with a {@link #sharedCache shared cache}.
         */
        public Builder sharedCacheDisconnectedTtl(Duration ttl) {
            if (sharedCacheDisconnectedTtl != null) throw new IllegalStateException("sharedCacheDisconnectedTtl was already set");
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("sharedCacheDisconnectedTtl must be positive");
            sharedCacheDisconnectedTtl = ttl;
            return this;
        }

        /**
         * Validates every manager's config and creates its provider (no network I/O). A failing build releases
         * every thread and provider it started.
         *
         * @throws SecretManagerException {@code VALIDATION} for an unknown provider or invalid config; the
         *     first problem is thrown, problems of other managers are attached as suppressed
         */
        public SecretResolver build() {
            ProviderRegistry providers = ProviderRegistry.load(classLoader != null ? classLoader : SecretResolver.class.getClassLoader());
            ResolverRuntime runtime = ResolverRuntime.start(ticker, executor);
            Map<String, Manager> built = new LinkedHashMap<>();
            try {
                SharedCacheClient shared = sharedCache == null ? SharedCacheClient.NONE
                        : new SharedCacheClient(sharedCache, runtime.executor, sharedCacheTimeout,
                                sharedCacheDisconnectedTtl != null ? sharedCacheDisconnectedTtl : DEFAULT_SHARED_CACHE_DISCONNECTED_TTL);
                ManagerAssembler assembler = new ManagerAssembler(providers, cachePolicy, runtime, new Listeners(listeners), shared);
                SecretManagerException failure = null;
                for (ManagerDefinition d : definitions) {
                    try {
                        built.put(d.name(), assembler.assemble(d));
                    } catch (SecretManagerException e) {
                        if (failure == null) failure = e; else failure.addSuppressed(e);
                    }
                }
                if (failure != null) throw failure;
                for (Map.Entry<String, ReadyProvider> e : ready.entrySet()) {
                    built.put(e.getKey(), assembler.assemble(e.getValue().definition, e.getValue().provider));
                }
                ManagerRegistry registry = new ManagerRegistry();
                registry.install(built);
                SecretResolver resolver = new SecretResolver(runtime, registry, assembler);
                shared.subscribe(resolver::onRemoteInvalidation);
                return resolver;
            } catch (RuntimeException | Error e) {
                built.values().forEach(ManagerRegistry::closeQuietly);
                runtime.close();
                throw e;
            }
        }

        private record ReadyProvider(SecretProvider provider, ManagerDefinition definition) { }
    }
}
