package dev.secretref.provider.conjur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The path grammar: a Conjur variable id with an optional ?version=N, and how ids are URL-encoded. */
final class VariablePathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "prod/db/password          | prod/db/password    | 0",
            "prod/db/password?version=3| prod/db/password    | 3",
            "simple                    | simple              | 0",
            "a:b@c+d&e f               | a:b@c+d&e f         | 0",
            "data/vault/safe/acct/pw?version=20 | data/vault/safe/acct/pw | 20"})
    void validPathsParse(String path, String id, int version) {
        VariablePath p = VariablePath.parse(path);
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.version().orElse(0)).isEqualTo(version);
        assertThat(p.raw()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " prod/db", "prod/db ", "/prod/db", "?version=1", "prod/db?version=", "prod/db?version=0",
            "prod/db?version=-1", "prod/db?version=1.5", "prod/db?v=1", "prod/db?version=1&x=2", "prod\n/db", "prod\t/db"})
    void malformedPathsAreInvalidReferences(String path) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> VariablePath.parse(path));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "myapp-01              | myapp-01",
            "alice@devops          | alice%40devops",
            "prod/aws/db-password  | prod%2Faws%2Fdb-password",
            "research+development  | research%2Bdevelopment",
            "sales&marketing       | sales%26marketing",
            "host/apps/my-service  | host%2Fapps%2Fmy-service",
            "ü space               | %C3%BC%20space"})
    void identifiersAreEncodedAsTheConjurReferenceShows(String raw, String encoded) {
        assertThat(ConjurUrls.encode(raw)).isEqualTo(encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "x?version=2"})
    void pathsTheBatchEndpointCannotServeAreReadAlone(String path) {
        assertThat(VariablePath.parse(path).batchable()).isFalse();
        assertThat(VariablePath.parse("a/b").batchable()).isTrue();
    }
}
