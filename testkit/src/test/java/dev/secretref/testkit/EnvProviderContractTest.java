package dev.secretref.testkit;

import dev.secretref.EnvSecretProvider;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;

/** The embedded {@code env} provider keeps the provider contract (over an injected environment). */
final class EnvProviderContractTest extends SecretProviderContractTest {
    @Override
    protected String providerId() { return "env"; }

    @Override
    protected String pathFor(String name) { return "CONTRACT_" + name.toUpperCase(java.util.Locale.ROOT); }

    @Override
    protected String listPrefix() { return "CONTRACT_"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) { return new EnvSecretProvider(secrets); }

    /** Environment variables are always "reachable". */
    @Override
    protected SecretProvider unreachableProvider() { return null; }

    @Override
    protected List<String> malformedPaths() { return List.of("", "1ABC", "HAS SPACE", "A=B", "op://x/y"); }
}
