package dev.secretref.spring;

import dev.secretref.CachePolicy;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.Scope;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.ProviderDescriptor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns {@code secretref.*} properties into a {@link SecretResolver}. */
final class ResolverFactory {
    private ResolverFactory() { }

    static SecretResolver create(SecretrefProperties properties) {
        Map<String, ProviderDescriptor> descriptors = new LinkedHashMap<>();
        for (ProviderDescriptor d : SecretResolver.availableProviders()) descriptors.put(d.id(), d);
        SecretResolver.Builder b = SecretResolver.builder();
        if (properties.getCache().isSet()) b.cachePolicy(policy(properties.getCache()));
        properties.getManagers().forEach((name, m) -> b.manager(definition(name, m, descriptors)));
        return b.build();
    }

    private static ManagerDefinition definition(String name, SecretrefProperties.Manager m, Map<String, ProviderDescriptor> descriptors) {
        if (m.getProvider() == null || m.getProvider().isBlank()) {
            throw SecretManagerException.builder(dev.secretref.ErrorCode.VALIDATION, Reason.INVALID_CONFIG).manager(name)
                    .message("secretref.managers." + name + ".provider is not set; set it to a provider id such as aws or hashicorp")
                    .build();
        }
        String provider = m.getProvider().strip();
        Map<String, Object> config = canonicalKeys(m.getConfig(), Optional.ofNullable(descriptors.get(provider)));
        ManagerDefinition d = ManagerDefinition.of(name, provider, config);
        if (!m.getScope().getProjects().isEmpty()) d = d.scope(Scope.projects(m.getScope().getProjects().toArray(String[]::new)));
        if (!m.getAllowPaths().isEmpty()) d = d.allowPaths(m.getAllowPaths().toArray(String[]::new));
        if (m.getCache().isSet()) d = d.cachePolicy(policy(m.getCache()));
        return d;
    }

    /**
     * Maps relaxed keys ({@code access-key-id}, {@code ACCESSKEYID} from an environment variable) to the provider's
     * field keys ({@code accessKeyId}); keys that match no field stay as given, so the provider names them.
     */
    static Map<String, Object> canonicalKeys(Map<String, Object> config, Optional<ProviderDescriptor> descriptor) {
        Map<String, String> byLoose = new LinkedHashMap<>();
        descriptor.ifPresent(d -> d.fields().forEach(f -> byLoose.put(loose(f.key()), f.key())));
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(byLoose.getOrDefault(loose(k), k), v));
        return out;
    }

    private static String loose(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static CachePolicy policy(SecretrefProperties.Cache c) {
        CachePolicy.Builder p = CachePolicy.defaults().toBuilder();
        if (c.getTtl() != null) p.ttl(c.getTtl());
        if (c.getMaximumSize() != null) p.maximumSize(c.getMaximumSize());
        return p.build();
    }
}
