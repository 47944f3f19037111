package dev.secretref.testkit;

import dev.secretref.ErrorCode;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;

/** The embedded {@code memory} provider keeps the provider contract. */
final class MemoryProviderContractTest extends SecretProviderContractTest {
    @Override
    protected String providerId() { return "memory"; }

    @Override
    protected String pathFor(String name) { return "contract/" + name; }

    @Override
    protected String listPrefix() { return "contract/"; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) { return new InMemorySecretProvider(secrets); }

    @Override
    protected SecretProvider unreachableProvider() {
        return new FaultInjectingProvider(new InMemorySecretProvider()).failWith(SecretManagerException
                .builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE).message("simulated outage").build());
    }

    @Override
    protected List<String> malformedPaths() { return List.of("line\nbreak", "nul\u0000"); }
}
