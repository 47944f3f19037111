package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.InMemorySecretProvider;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.Ticker;
import dev.secretref.testkit.CountingProvider;
import dev.secretref.testkit.FaultInjectingProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How to unit-test application code ({@link ApiClientFactory}) that resolves secrets: back the resolver
 * with an {@link InMemorySecretProvider}, count its calls ({@link CountingProvider}), simulate outages
 * ({@link FaultInjectingProvider}), and move time with a fake {@link Ticker} instead of sleeping.
 */
final class UnitTestingWithInMemoryProviderTest {
    private static final String REFERENCE = "{{vault|ap_sep_v1|payments/api-key}}";
    private static final SecretManagerException OUTAGE = SecretManagerException
            .builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE).message("simulated outage").build();

    private final InMemorySecretProvider store = new InMemorySecretProvider().put("payments/api-key", "key-v1");
    private final FaultInjectingProvider faults = new FaultInjectingProvider(store);
    private final CountingProvider counted = new CountingProvider(faults);
    private final AtomicLong nanos = new AtomicLong();
    private final SecretResolver resolver = SecretResolver.builder()
            .provider("vault", counted)
            .cachePolicy(CachePolicy.builder().ttl(Duration.ofMinutes(5)).maxStale(Duration.ofHours(1)).build())
            .ticker(nanos::get)
            .build();
    private final ApiClientFactory factory = new ApiClientFactory(resolver, REFERENCE);

    @AfterEach
    void close() {
        resolver.close();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void buildsTheAuthorizationHeaderFromTheSecret() {
        assertThat(factory.create().authorizationHeader()).isEqualTo("Bearer key-v1");
    }

    @Test
    void theStoreIsAskedOnceWhileTheValueIsFresh() {
        factory.create();
        factory.create();
        factory.create();

        assertThat(counted.calls()).isEqualTo(1);
    }

    @Test
    void aRotatedKeyIsPickedUpAfterTheTtl() {
        factory.create();
        store.put("payments/api-key", "key-v2");

        assertThat(factory.create().authorizationHeader()).isEqualTo("Bearer key-v1");   // still cached
        advance(Duration.ofMinutes(6));
        assertThat(factory.create().authorizationHeader()).isEqualTo("Bearer key-v2");
    }

    @Test
    void duringAnOutageTheLastKnownKeyKeepsServing() {
        factory.create();
        faults.failWith(OUTAGE);
        advance(Duration.ofMinutes(10));   // past the ttl, within maxStale

        assertThat(factory.create().authorizationHeader()).isEqualTo("Bearer key-v1");
        assertThat(counted.calls()).isGreaterThan(1);   // it did try the store
    }

    @Test
    void anOutageBeforeTheFirstFetchFailsWithAClearError() {
        faults.failWith(OUTAGE);

        assertThatThrownBy(factory::create).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SECRET_MANAGER_CONNECTION_FAILED/UNREACHABLE")
                .hasMessageNotContaining("key-v1");
        faults.recover();
        advance(Duration.ofMinutes(3));   // past the error backoff
        assertThat(factory.create().authorizationHeader()).isEqualTo("Bearer key-v1");
    }

    @Test
    void aMissingKeyIsNotFoundNeverNull() {
        store.remove("payments/api-key");

        assertThatThrownBy(factory::create).hasMessageContaining("NOT_FOUND")
                .hasCauseInstanceOf(SecretManagerException.class);
    }
}
