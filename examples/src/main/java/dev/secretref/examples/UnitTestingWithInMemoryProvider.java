package dev.secretref.examples;

import dev.secretref.ErrorCode;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.testkit.CountingProvider;
import dev.secretref.testkit.FaultInjectingProvider;

/**
 * Unit-testing code that resolves secrets, with {@link InMemorySecretProvider}: no store, no network,
 * full control. The same steps appear as JUnit tests in {@code UnitTestingWithInMemoryProviderTest}.
 * <ul>
 *   <li>seed values with {@code put} (and change them at run time, as a rotation would);</li>
 *   <li>count the "remote" calls with secretref-testkit's {@link CountingProvider} to prove the cache works;</li>
 *   <li>simulate an outage with {@link FaultInjectingProvider#failWith} and end it with {@code recover()}.</li>
 * </ul>
 */
public final class UnitTestingWithInMemoryProvider {
    private UnitTestingWithInMemoryProvider() { }

    public static void main(String[] args) {
        InMemorySecretProvider store = new InMemorySecretProvider().put("payments/api-key", "key-v1");
        FaultInjectingProvider faults = new FaultInjectingProvider(store);
        CountingProvider counted = new CountingProvider(faults);
        try (SecretResolver resolver = SecretResolver.builder().provider("vault", counted).build()) {
            ApiClientFactory factory = new ApiClientFactory(resolver, "{{vault|ap_sep_v1|payments/api-key}}");

            factory.create();
            factory.create();
            System.out.println("two clients built, store calls: " + counted.calls() + " (the second came from the cache)");

            // An outage: the cached key keeps serving until its TTL; a key never fetched fails clearly.
            faults.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("simulated outage").build());
            factory.create();
            System.out.println("during the outage, cached key still works; store calls: " + counted.calls());
            try {
                new ApiClientFactory(resolver, "{{vault|ap_sep_v1|payments/other-key}}").create();
            } catch (IllegalStateException e) {
                System.out.println("uncached key during the outage: " + e.getMessage());
            }
            faults.recover();
        }
    }
}
