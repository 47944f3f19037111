package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13 #2, #4, #7, #9: a config value that fails a check is never quoted; durations are bounded; keys are checked. */
final class ConfigValidationHardeningTest {
    private static final ProviderDescriptor D = ProviderDescriptor.of("demo", "Demo", List.of(
            Field.required("url", "URL", "the store").type(FieldType.URL),
            Field.optional("retries", "Retries", "n").type(FieldType.INTEGER),
            CommonFields.CONNECT_TIMEOUT), "x", "x");

    private static SecretManagerException invalid(Map<String, ?> raw) {
        try {
            ProviderConfig.of("prod", D, raw);
        } catch (SecretManagerException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
            return e;
        }
        throw new AssertionError("accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://admin:P4SSW0RD@x@vault:8200",
        "https://u:P4SS W0RD@h",
        "https://u:P4SSW0RD%zz@h",
        "https://u:P4SSW0RD^@h",
        "https://u:P4SSW0RD|@h",
        "https://P4SSW0RD@h:8200/v1",
        "https://u:P4SSW0RD@[::1]:8200"})
    void aUrlHoldingUserInfoInAnyFormIsRejectedWithoutQuotingIt(String url) {
        SecretManagerException e = invalid(Map.of("url", url));

        assertThat(e.getMessage()).contains("url must not hold user:password@").doesNotContain("P4SS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://vault:99999", "https://vault:0", "https://P4SSW0RD:8200x", "https://vault/a b P4SSW0RD",
        "https://vault/%zzP4SSW0RD", "ftp://vault/P4SSW0RD", "vault.example.com/P4SSW0RD"})
    void aBadUrlIsNamedByKeyAndRuleOnly(String url) {
        SecretManagerException e = invalid(Map.of("url", url));

        assertThat(e.getMessage()).contains("url ").doesNotContain("P4SS").doesNotContain("99999").doesNotContain(url);
    }

    @Test
    void otherFailingValuesAreNotQuotedEither() {
        SecretManagerException e = invalid(Map.of("url", "https://h", "retries", "SEVENTEEN_SECRET", "connectTimeout", "SOON_SECRET"));

        assertThat(e.getMessage()).contains("retries is not a whole number").contains("connectTimeout is not a duration")
                .doesNotContain("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999d", "99999999999999999999999s", "PT2562047788015215H", "366d", "PT8785H"})
    void durationsLongerThanAYearAreValidationErrorsThatSaySo(String text) {
        SecretManagerException e = invalid(Map.of("url", "https://h", "connectTimeout", text));

        assertThat(e.getMessage()).contains("connectTimeout is longer than the maximum of 365 days").doesNotContain(text);
        assertThatThrownBy(() -> ProviderConfig.parseDuration(text)).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aYearIsTheLongestDuration() {
        assertThat(ProviderConfig.parseDuration("365d")).isEqualTo(Duration.ofDays(365)).isEqualTo(ProviderConfig.MAX_DURATION);
        assertThatThrownBy(() -> ProviderConfig.parseDuration("PT-1S")).hasMessage("must not be negative");
    }

    @Test
    void aNullKeyIsAValidationErrorNotANullPointerException() {
        Map<String, Object> raw = new HashMap<>();
        raw.put(null, "x");
        raw.put("url", "https://h");

        assertThat(invalid(raw).getMessage()).contains("a key is null").contains("url, retries, connectTimeout");
    }

    @Test
    void longUnknownKeysAndManagerNamesAreCutInMessages() {
        String key = "k".repeat(100_000);
        SecretManagerException e = invalid(Map.of("url", "https://h", key, "v"));

        assertThat(e.getMessage()).hasSizeLessThan(1_000).contains("k".repeat(200) + "…");
    }

    @Test
    void abbreviateKeepsShortTextAndCutsLongTextAt200Characters() {
        assertThat(SecretReference.abbreviate("short")).isEqualTo("short");
        assertThat(SecretReference.abbreviate("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(SecretReference.abbreviate("x".repeat(201))).isEqualTo("x".repeat(200) + "…");
        assertThat(SecretReference.abbreviate("x".repeat(199) + "😀" + "y")).isEqualTo("x".repeat(199) + "…");
        assertThat(SecretReference.abbreviate(null)).isNull();
    }

    @Test
    void aNullConfigKeyOfAManagerDefinitionIsAValidationError() {
        Map<String, Object> raw = new HashMap<>();
        raw.put(null, "x");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> ManagerDefinition.of("prod", "memory", raw));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("prod").contains("null config key");
    }

    @Test
    void aCachePolicyBuiltInCodeIsCappedAtAYear() {
        Duration tooLong = ProviderConfig.MAX_DURATION.plusSeconds(1);
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        List<Runnable> builds = List.of(
                () -> CachePolicy.builder().ttl(tooLong),
                () -> CachePolicy.builder().refreshAhead(huge),
                () -> CachePolicy.builder().maxStale(huge),
                () -> CachePolicy.builder().notFoundTtl(tooLong),
                () -> CachePolicy.builder().errorBackoff(Duration.ofSeconds(1), huge),
                () -> CachePolicy.builder().statusTtl(tooLong),
                () -> CachePolicy.defaults().withTtl(huge));
        for (Runnable build : builds) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, build::run);
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
            assertThat(e.getMessage()).contains("must be at most 365 days");
        }
        assertThat(CachePolicy.builder().ttl(ProviderConfig.MAX_DURATION).maxStale(ProviderConfig.MAX_DURATION).build().ttl())
                .isEqualTo(ProviderConfig.MAX_DURATION);
    }
}
