package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reply that is not the STS XML of https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * (a proxy's HTML page, a truncated body) fails the call with a message and writes nothing to stderr: the JDK's
 * XML parser prints {@code [Fatal Error] :-1:-1: ...} there unless an error handler is set.
 */
final class AwsGarbageReplyTest {
    private final FakeAws fake = new FakeAws();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aReplyThatIsNotStsFailsTheCheckSayingSoAndPrintsNothing() {
        for (String body : new String[] {"<html><body>Gateway says hi", "", " ", "<?xml version=\"1.0\"?>", "garbage", "<a>"})
        for (int status : new int[] {200, 403, 500}) {
            fake.answer("GetCallerIdentity", FakeAws.xml(status, body));
            Map<String, Object> config = fake.config();
            config.put("maxAttempts", "1");
            String stderr;
            SecretManagerException e;
            try (LogCapture err = LogCapture.start(); SecretProvider p = FakeAws.provider(config)) {
                e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
                stderr = err.text();
            }
            assertThat(e).as("HTTP %s", status).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("not an STS reply").contains("HTTP " + status);
            assertThat(stderr).as("HTTP %s", status).doesNotContain("[Fatal Error]");
        }
    }
}
