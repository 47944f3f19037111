package dev.secretref;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.Set;

/**
 * Turns a {@link ManagerDefinition} into a running {@link Manager}: finds the factory, validates the
 * config, creates the provider with a {@link ManagerContext}, and stacks gateway and cache on it.
 */
final class ManagerAssembler {
    private final ProviderRegistry registry;
    private final CachePolicy globalPolicy;    // null: each provider's default
    private final ResolverRuntime runtime;
    private final Listeners listeners;
    private final SharedCacheClient shared;

    ManagerAssembler(ProviderRegistry registry, CachePolicy globalPolicy, ResolverRuntime runtime, Listeners listeners,
                     SharedCacheClient shared) {
        this.registry = registry;
        this.globalPolicy = globalPolicy;
        this.runtime = runtime;
        this.listeners = listeners;
        this.shared = shared;
    }

    Listeners listeners() { return listeners; }
    SharedCacheClient shared() { return shared; }

    /** A manager whose provider is found by id through ServiceLoader. */
    Manager assemble(ManagerDefinition d) {
        SecretProviderFactory factory = registry.factory(d.providerId());
        ProviderConfig config;
        try {
            config = ProviderConfig.of(d.name(), factory.descriptor(), d.config());
        } catch (SecretManagerException e) {
            throw e.withContext(d.name(), d.providerId(), null);
        }
        CredentialMask mask = new CredentialMask(config.sensitiveValues());
        SecretProvider provider;
        try {
            provider = factory.create(config, new ManagerContext(runtime, mask));
        } catch (SecretManagerException e) {
            throw e.withContext(d.name(), d.providerId(), null);
        } catch (RuntimeException e) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                    .manager(d.name()).provider(d.providerId())
                    .message("Provider " + SecretReference.abbreviate(d.providerId()) + " could not be created for manager '" + SecretReference.abbreviate(d.name()) + "': "
                            + e.getClass().getName()).cause(ProviderGateway.redact(e)).build();
        }
        if (provider == null) {
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                    .manager(d.name()).provider(d.providerId())
                    .message("Provider " + SecretReference.abbreviate(d.providerId()) + " returned no provider for manager '" + SecretReference.abbreviate(d.name()) + "' (a provider bug)").build();
        }
        CachePolicy policy = d.cachePolicy().orElse(globalPolicy != null ? globalPolicy : factory.defaultCachePolicy());
        return manager(d, provider, mask, policy);
    }

    /** A manager backed by a ready provider instance (its config is already applied). */
    Manager assemble(ManagerDefinition d, SecretProvider ready) {
        CachePolicy policy = d.cachePolicy().orElse(globalPolicy != null ? globalPolicy : CachePolicy.defaults());
        return manager(d, ready, new CredentialMask(Set.of()), policy);
    }

    private Manager manager(ManagerDefinition d, SecretProvider provider, CredentialMask mask, CachePolicy policy) {
        ProviderGateway gateway = new ProviderGateway(d.name(), d.providerId(), provider, mask);
        ManagerCache cache = new ManagerCache(gateway, policy, runtime.ticker, runtime.executor, listeners, shared);
        return new Manager(d.name(), d.providerId(), d.scope(), d.allowList(), cache);
    }
}
