/**
 * secretref core: the public API ({@code dev.secretref}), the provider SPI ({@code dev.secretref.spi}) and sync snapshots ({@code dev.secretref.sync}).
 * Everything else is internal. Providers are found with {@link java.util.ServiceLoader}.
 */
module dev.secretref {
    requires transitive com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.secretref;
    exports dev.secretref.spi;
    exports dev.secretref.sync;

    uses dev.secretref.spi.SecretProviderFactory;
    provides dev.secretref.spi.SecretProviderFactory with
            dev.secretref.internal.providers.MemoryProviderFactory,
            dev.secretref.internal.providers.EnvProviderFactory;
}
