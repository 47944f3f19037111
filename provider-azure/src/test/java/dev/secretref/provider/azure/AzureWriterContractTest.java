package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import dev.secretref.testkit.SecretWriterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer contract kit against {@link FakeKeyVault}, deletes soft-deleting (the default): a deleted name stays
 * taken until it is recovered or purged. The large value is the largest the
 * kit's mix of text (quotes, backslashes, tabs and newlines escape to two bytes each) can be while the fields' JSON stays
 * within Key Vault's 25 KiB (25,600 bytes) per secret value
 * (https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets): the writer refuses anything larger before
 * any request, and the fake refuses it too.
 */
final class AzureWriterContractTest extends SecretWriterContractTest {
    /** The largest {@code largeValue(n)} whose {@code {"blob":"…"}} is at most {@link AzureSecretWriter#MAX_VALUE_BYTES}. */
    static final int LARGEST_FITTING_VALUE = largestFittingValue();
    private final List<FakeKeyVault> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeKeyVault::close);
        fakes.clear();
    }

    @Override
    protected SecretProvider writableProvider() {
        FakeKeyVault fake = FakeKeyVault.start();
        fakes.add(fake);
        return Fixtures.provider(fake);
    }

    @Override
    protected Set<String> credentials() { return Set.of(FakeKeyVault.CLIENT_SECRET); }

    @Override
    protected boolean canRewriteAfterDelete() { return false; }

    @Override
    protected int largeValueBytes() { return LARGEST_FITTING_VALUE; }

    private static int largestFittingValue() {
        ObjectMapper json = new ObjectMapper();
        for (int n = AzureSecretWriter.MAX_VALUE_BYTES; n > 0; n--) {
            try {
                if (json.writeValueAsBytes(Map.of("blob", largeValue(n))).length <= AzureSecretWriter.MAX_VALUE_BYTES) return n;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no value fits");
    }

    @Test
    void theLargeValueFillsKeyVaultsLimitAndOneByteMoreIsRefusedBeforeAnyRequest() {
        ObjectMapper json = new ObjectMapper();
        FakeKeyVault fake = FakeKeyVault.start();
        fakes.add(fake);
        try (SecretProvider p = Fixtures.provider(fake)) {
            SecretWriter w = p.writer().orElseThrow();
            String fits = largeValue(LARGEST_FITTING_VALUE);
            String over = largeValue(LARGEST_FITTING_VALUE + 1);
            try {
                assertThat(json.writeValueAsBytes(Map.of("blob", fits)).length).isBetween(AzureSecretWriter.MAX_VALUE_BYTES - 16, AzureSecretWriter.MAX_VALUE_BYTES);   // the kit's text grows in units of escaped characters
                assertThat(json.writeValueAsBytes(Map.of("blob", over)).length).isGreaterThan(AzureSecretWriter.MAX_VALUE_BYTES);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            assertThat(LARGEST_FITTING_VALUE).isGreaterThan(16 * 1024);

            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("too-large", Map.of("blob", over)));

            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Override
    protected long remoteCalls() {
        return fakes.stream().mapToLong(f -> f.requests().size()).sum();
    }
}
