package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.CachePolicy;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class OnePasswordProviderFactoryTest {
    private final OnePasswordProviderFactory factory = new OnePasswordProviderFactory();

    static Object[][] badConfigs() {
        return new Object[][] {
            {Map.of(), new String[] {"choose a mode"}},
            {Map.of("serviceAccountToken", "ops_abc", "connectHost", "http://connect:8080", "connectToken", "t"),
                new String[] {"not both"}},
            {Map.of("connectHost", "http://connect:8080"), new String[] {"connectHost needs connectToken"}},
            {Map.of("connectToken", "t"), new String[] {"connectToken needs connectHost"}},
            {Map.of("serviceAccountToken", "not-a-token", "readTimeout", "2s"),
                new String[] {"start with ops_", "readTimeout applies only to Connect mode"}},
            {Map.of("connectHost", "http://connect:8080", "connectToken", "t", "opPath", "/usr/bin/op", "timeout", "5s"),
                new String[] {"opPath applies only to service-account mode", "timeout applies only to service-account mode"}},
        };
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadCombinationIsOneInvalidConfigNamingEveryProblem(Map<String, Object> raw, String[] problems) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> factory.create(ProviderConfig.of("op", factory.descriptor(), raw)));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains(problems).doesNotContain("not-a-token");
    }

    @Test
    void eachModeBuildsWithoutTouchingTheNetwork() {
        // neither the op binary (absent) nor port 9 (nothing listens) is touched: building must not fail
        try (SecretProvider cli = factory.create(ProviderConfig.of("op", factory.descriptor(),
                Map.of("serviceAccountToken", "ops_abc", "opPath", "/nonexistent/op")))) {
            assertThat(cli).isInstanceOf(CliSecretProvider.class);
        }
        try (SecretProvider connect = factory.create(ProviderConfig.of("op", factory.descriptor(),
                Map.of("connectHost", "http://127.0.0.1:9", "connectToken", "t", "readTimeout", "1s")))) {
            assertThat(connect).isInstanceOf(ConnectSecretProvider.class);
        }
    }

    @Test
    void cachesLongerThanTheCoreDefaultBecauseOfTheReadLimits() {
        CachePolicy p = factory.defaultCachePolicy();
        assertThat(p.ttl()).isEqualTo(Duration.ofMinutes(15)).isGreaterThan(CachePolicy.defaults().ttl());
        assertThat(p.maxStale()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void bothTokensAreSensitive() {
        assertThat(factory.descriptor().field("serviceAccountToken").orElseThrow().isSensitive()).isTrue();
        assertThat(factory.descriptor().field("connectToken").orElseThrow().isSensitive()).isTrue();
        assertThat(factory.descriptor().id()).isEqualTo("onepassword");
    }
}
