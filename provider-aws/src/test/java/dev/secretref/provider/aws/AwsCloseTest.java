package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * close() reaches a call in flight: the socket is closed at once and the caller gets reason CLOSED, instead of
 * waiting out apiCallTimeout. The fake holds every answer until it is closed (longer than the test's bound).
 */
final class AwsCloseTest {
    private final FakeAws fake = new FakeAws();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void closeCutsOffACallInFlightWithReasonClosed() throws Exception {
        fake.server.stall();
        Map<String, Object> config = fake.config();
        config.put("apiCallTimeout", "60s");
        config.put("apiCallAttemptTimeout", "60s");
        config.put("readTimeout", "60s");
        SecretProvider p = FakeAws.provider(config);
        CompletableFuture<SecretManagerException> call = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(SecretManagerException.class, () -> p.fetch("slow/secret")));
        fake.server.awaitRequests(1);
        assertThat(fake.calls("GetSecretValue")).isEqualTo(1);
        p.close();
        SecretManagerException e = call.get(30, TimeUnit.SECONDS);
        assertThat(e.reason()).isEqualTo(Reason.CLOSED);
        assertThat(e.getMessage()).contains("closed");
        p.close();   // idempotent
    }
}
