package dev.secretref.internal.providers;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretProvider;
import dev.secretref.EnvSecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.util.List;

/** The {@code env} provider: environment variables of this process. */
public final class EnvProviderFactory implements SecretProviderFactory {
    static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.of("env", "Environment variables",
            List.of(), "an environment variable name ([A-Za-z_][A-Za-z0-9_]*)", "DB_PASSWORD");

    @Override
    public String id() { return "env"; }

    @Override
    public ProviderDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public SecretProvider create(ProviderConfig config) {
        return new EnvSecretProvider(System.getenv());
    }
}
