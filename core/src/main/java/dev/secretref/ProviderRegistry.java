package dev.secretref;

import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretProviderFactory;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The provider factories on the class path. A broken provider jar is logged and skipped. */
final class ProviderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
    private static final Map<String, String> OUR_ARTIFACTS = Map.of(
            "aws", "dev.secretref:secretref-provider-aws",
            "hashicorp", "dev.secretref:secretref-provider-vault",
            "cyberark-conjur", "dev.secretref:secretref-provider-conjur",
            "onepassword", "dev.secretref:secretref-provider-onepassword");

    private final Map<String, SecretProviderFactory> factories;

    private ProviderRegistry(Map<String, SecretProviderFactory> factories) {
        this.factories = factories;
    }

    static ProviderRegistry load(ClassLoader loader) {
        Map<String, SecretProviderFactory> found = new LinkedHashMap<>();
        Iterator<SecretProviderFactory> it = ServiceLoader.load(SecretProviderFactory.class, loader).iterator();
        while (true) {
            SecretProviderFactory f;
            try {
                if (!it.hasNext()) break;
                f = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("Skipping a secret provider that failed to load: {}", e.toString());
                continue;
            }
            try {
                String id = f.id();
                SecretProviderFactory previous = found.putIfAbsent(id, f);
                if (previous != null && previous.getClass() != f.getClass()) {
                    LOG.warn("Two secret providers claim id '{}': keeping {}, ignoring {}", id,
                            previous.getClass().getName(), f.getClass().getName());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Skipping secret provider {}: {}", f.getClass().getName(), e.toString());
            }
        }
        return new ProviderRegistry(Collections.unmodifiableMap(found));
    }

    SecretProviderFactory factory(String id) {
        SecretProviderFactory f = factories.get(id);
        if (f == null) {
            String artifact = OUR_ARTIFACTS.get(id);
            String hint = artifact != null
                    ? "add the dependency " + artifact + " to the class path"
                    : "check the provider id; available: " + String.join(", ", factories.keySet());
            throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNKNOWN_PROVIDER).provider(id)
                    .message("No secret provider with id '" + SecretReference.abbreviate(id) + "' is on the class path: " + hint).build();
        }
        return f;
    }

    List<ProviderDescriptor> descriptors() {
        return factories.values().stream().map(SecretProviderFactory::descriptor).toList();
    }
}
