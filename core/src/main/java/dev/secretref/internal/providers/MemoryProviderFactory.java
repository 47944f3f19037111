package dev.secretref.internal.providers;

import dev.secretref.CachePolicy;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/** The {@code memory} provider: an {@link InMemorySecretProvider}, optionally seeded from {@code values}. */
public final class MemoryProviderFactory implements SecretProviderFactory {
    static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of("memory", "In-memory store (tests, demos)",
            List.of(Field.optional("values", "Initial values",
                    "A map of path to value (or JSON object text) to seed the store with").sensitive().type(FieldType.OBJECT)),
            "any key of the in-memory map", "db/password");

    @Override
    public String id() { return "memory"; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        InMemorySecretProvider p = new InMemorySecretProvider();
        config.object("values").ifPresent(m -> m.forEach((k, v) -> {
            if (k == null || v == null || v instanceof java.util.Map || v instanceof java.util.Collection) {
                throw config.invalid(List.of("values must map each path to a text value"));
            }
            p.put(k.toString(), v.toString());
        }));
        return p;
    }

    /** The in-memory store costs nothing to ask; values are still cached so it behaves like a real store. */
    @Override
    public CachePolicy defaultCachePolicy() { return CachePolicy.defaults(); }
}
