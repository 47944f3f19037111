package dev.secretref.provider.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.secretref.provider.aws.FakeAws.smCall;
import static dev.secretref.provider.aws.FakeAws.smCalls;
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
 * waiting out apiCallTimeout. The fake holds the GetSecretValue answer for 30 s (longer than the test's bound).
 */
final class AwsCloseTest {
    private final FakeAws fake = new FakeAws();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void closeCutsOffACallInFlightWithReasonClosed() throws Exception {
        fake.server.stubFor(smCall("GetSecretValue").atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
        Map<String, Object> config = fake.config();
        config.put("apiCallTimeout", "60s");
        config.put("apiCallAttemptTimeout", "60s");
        config.put("readTimeout", "60s");
        SecretProvider p = FakeAws.provider(config);
        CompletableFuture<SecretManagerException> call = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(SecretManagerException.class, () -> p.fetch("slow/secret")));
        while (fake.server.findAll(smCalls("GetSecretValue")).isEmpty()) Thread.onSpinWait();
        p.close();
        SecretManagerException e = call.get(10, TimeUnit.SECONDS);
        assertThat(e.reason()).isEqualTo(Reason.CLOSED);
        assertThat(e.getMessage()).contains("closed");
        p.close();   // idempotent
    }
}
