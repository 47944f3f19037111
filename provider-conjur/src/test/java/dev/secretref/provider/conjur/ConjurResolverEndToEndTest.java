package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider as users meet it: found by id through ServiceLoader and driven by {@link SecretResolver}. */
final class ConjurResolverEndToEndTest {
    private final FakeConjur fake = Fixtures.fake()
            .put("prod/db/password", "pg-pass").put("prod/api/token", "api-token").put("prod/api/url", "https://api.example.com");
    private final SecretResolver resolver = SecretResolver.builder()
            .manager("prod-conjur", "cyberark-conjur", Fixtures.config(fake.url()))
            .build();

    @AfterEach
    void stop() {
        resolver.close();
        fake.close();
        fake.server().assertNoUnexpected();
    }

    @Test
    void referencesResolveThroughTheResolver() {
        assertThat(resolver.resolveString("postgres://app:{{prod-conjur|ap_sep_v1|prod/db/password}}@db/app"))
                .isEqualTo("postgres://app:pg-pass@db/app");
        assertThat(resolver.resolveString("{{cyberark-conjur|ap_sep_v1|prod/api/token}}")).isEqualTo("api-token");
    }

    @Test
    void aConfigWithSeveralReferencesIsFetchedInOneBatch() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("db", "{{prod-conjur|ap_sep_v1|prod/db/password}}");
        config.put("api", Map.of("token", "{{prod-conjur|ap_sep_v1|prod/api/token}}", "url", "{{prod-conjur|ap_sep_v1|prod/api/url}}"));
        config.put("plain", List.of("{{step_1.output}}", "hunter2"));

        Map<String, Object> out = resolver.resolve(config);

        assertThat(out.get("db")).isEqualTo("pg-pass");
        assertThat(out.get("api")).isEqualTo(Map.of("token", "api-token", "url", "https://api.example.com"));
        assertThat(out.get("plain")).isEqualTo(List.of("{{step_1.output}}", "hunter2"));
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/secrets")).count()).isEqualTo(1);
        assertThat(fake.count("POST", "/authn/")).isEqualTo(1);
    }

    @Test
    void failuresNameTheManagerAndPathButNoCredential() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> resolver.resolveString("{{prod-conjur|ap_sep_v1|prod/missing}}"));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.manager()).isEqualTo("prod-conjur");
        assertThat(e.provider()).isEqualTo("cyberark-conjur");
        assertThat(e.path()).isEqualTo("prod/missing");
        assertThat(e.getMessage()).doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void testConnectionReportsConnected() {
        assertThat(resolver.testConnection("prod-conjur").connected()).isTrue();
    }
}
