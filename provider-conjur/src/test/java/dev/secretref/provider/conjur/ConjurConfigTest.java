package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The descriptor, config validation (all problems in one error) and redaction. */
final class ConjurConfigTest {
    private final ConjurProviderFactory factory = new ConjurProviderFactory();

    @Test
    void descriptorHasTheActivepiecesKeysAndMarksTheApiKeySensitive() {
        ProviderDescriptor d = factory.descriptor();
        assertThat(d.id()).isEqualTo("cyberark-conjur");
        assertThat(d.fields()).extracting(ProviderDescriptor.Field::key).containsExactly(
                "url", "organizationAccountName", "loginId", "apiKey", "writePrefix", "caCertificate", "connectTimeout", "readTimeout");
        assertThat(d.fields()).filteredOn(ProviderDescriptor.Field::isRequired).extracting(ProviderDescriptor.Field::key)
                .containsExactly("url", "organizationAccountName", "loginId", "apiKey");
        assertThat(d.fields()).filteredOn(ProviderDescriptor.Field::isSensitive).extracting(ProviderDescriptor.Field::key)
                .containsExactly("apiKey");
        assertThat(d.field("url").orElseThrow().help()).contains("/api");
        assertThat(d.pathExample()).isEqualTo("prod/db/password");
    }

    @Test
    void missingRequiredKeysAreNamedTogether() {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> Fixtures.providerConfig(Map.of("url", "https://conjur.example.com")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("organizationAccountName", "loginId", "apiKey");
    }

    @Test
    void badCombinationsAreAllNamedInOneErrorWithoutTheApiKey() {
        Map<String, Object> config = Fixtures.config("https://conjur.example.com/?x=1");
        config.put("organizationAccountName", "my:org");
        config.put("apiKey", "abc def");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> factory.create(Fixtures.providerConfig(config)));

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("url must not carry a query", "organizationAccountName", "apiKey must not contain whitespace")
                .doesNotContain("abc def");
    }

    @Test
    void createDoesNoNetworkIoAndRedactsTheApiKey() {
        // Nothing listens on port 9: create() must still succeed.
        SecretProvider p = factory.create(Fixtures.providerConfig(Fixtures.config("http://127.0.0.1:9")));
        assertThat(p.toString()).contains("myorg", "host/apps/my-service").doesNotContain(Fixtures.API_KEY);
        assertThat(Fixtures.providerConfig(Fixtures.config("http://127.0.0.1:9")).toString()).doesNotContain(Fixtures.API_KEY);
        p.close();
    }
}
