package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.CommonFields;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.ProviderDescriptor.FieldType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class ProviderConfigTest {
    private static final ProviderDescriptor D = ProviderDescriptor.of("demo", "Demo", List.of(
            Field.required("url", "URL", "the store").type(FieldType.URL),
            Field.required("apiKey", "API key", "the key").sensitive(),
            Field.optional("retries", "Retries", "n").type(FieldType.INTEGER),
            Field.optional("verbose", "Verbose", "b").type(FieldType.BOOLEAN),
            CommonFields.CONNECT_TIMEOUT, CommonFields.CA_CERTIFICATE), "x", "x");

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "2s,PT2S", "5m,PT5M", "1h,PT1H", "1d,PT24H", "PT2S,PT2S", "PT1M30S,PT1M30S"})
    void durationsAcceptIsoAndShortForms(String text, String iso) {
        assertThat(ProviderConfig.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void everyProblemIsNamedInOneErrorWithoutQuotingSensitiveValues() {
        Map<String, Object> raw = Map.of("url", "ftp://x", "retries", "many", "verbose", "yes",
                "connectTimeout", "soon", "caCertificate", "not a pem", "colour", "red");
        assertThatThrownBy(() -> ProviderConfig.of("prod", D, raw))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains("'prod'", "url", "retries", "verbose", "connectTimeout",
                            "caCertificate", "unknown key colour", "missing required key apiKey");
                });
        assertThatThrownBy(() -> ProviderConfig.of("prod", D, Map.of("url", "https://h", "apiKey", " ")))
                .hasMessageContaining("apiKey must not be blank");
        assertThatThrownBy(() -> ProviderConfig.of("prod", D, Map.of("url", "https://admin:hunter2@h", "apiKey", "k", "connectTimeout", "0s")))
                .hasMessageContaining("url must not hold user:password@").hasMessageContaining("connectTimeout must be longer than zero")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void toStringRedactsSensitiveValues() {
        ProviderConfig c = ProviderConfig.of("prod", D, Map.of("url", "https://h", "apiKey", "k-123456", "retries", 3));
        assertThat(c.toString()).contains("url=https://h").contains("apiKey=██").doesNotContain("k-123456");
        assertThat(c.sensitiveValues()).containsExactly("k-123456");
        assertThat(c.integer("retries")).contains(3L);
        assertThat(c.duration("connectTimeout", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void cachePolicyBuilderFailsFastAndWithTtlKeepsRefreshAheadProportional() {
        assertThatThrownBy(() -> CachePolicy.builder().ttl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ttl was already set");
        assertThatThrownBy(() -> CachePolicy.builder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        CachePolicy p = CachePolicy.defaults().withTtl(Duration.ofMinutes(10));
        assertThat(p.refreshAhead()).isEqualTo(Duration.ofMinutes(8));
        assertThat(CachePolicy.defaults().ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(CachePolicy.defaults().maxStale()).isEqualTo(Duration.ofHours(1));
        assertThat(CachePolicy.defaults().notFoundTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(CachePolicy.defaults().statusTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(CachePolicy.defaults().errorBackoffMax()).isEqualTo(Duration.ofSeconds(128));
        assertThat(CachePolicy.defaults().maximumSize()).isEqualTo(10_000);
        assertThat(CachePolicy.disabled().isEnabled()).isFalse();
    }
}
