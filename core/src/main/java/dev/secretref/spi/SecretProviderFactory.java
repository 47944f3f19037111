package dev.secretref.spi;

import dev.secretref.CachePolicy;

/**
 * Turns validated config into a ready {@link SecretProvider}. Registered in
 * {@code META-INF/services/dev.secretref.spi.SecretProviderFactory} and found by {@link java.util.ServiceLoader}.
 * Needs a public no-argument constructor.
 */
public interface SecretProviderFactory {
    /** The provider id used in manager definitions, e.g. {@code aws}. */
    String id();

    /** Fields, path syntax and help text. The resolver validates config against it before {@link #create}. */
    ProviderDescriptor descriptor();

    /**
     * A provider for one manager. The config has passed the descriptor's checks (no unknown keys, every
     * required key present, values of the right type); check combinations here and throw one
     * {@code VALIDATION / INVALID_CONFIG} naming every problem ({@link ProviderConfig#invalid}). No network I/O.
     */
    SecretProvider create(ProviderConfig config);

    /**
     * As {@link #create(ProviderConfig)}, with the resolver's clock, threads and credential mask list.
     * The resolver calls this one; override it when the provider keeps time, runs work in the background
     * or obtains credentials at run time. The default ignores the context.
     */
    default SecretProvider create(ProviderConfig config, ProviderContext context) {
        return create(config);
    }

    /** The cache policy for this provider's managers unless the user sets one. */
    default CachePolicy defaultCachePolicy() {
        return CachePolicy.defaults();
    }
}
