package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The path grammar of DESIGN §3: {@code secretName[:jsonKey]} or {@code projects/P/secrets/S[:jsonKey]}, optional {@code ?version=N}. */
final class SecretPathTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "db                                      | home-proj   | -        | db       | latest | -",
        "db:password                             | home-proj   | -        | db       | latest | password",
        "db:a:b                                  | home-proj   | -        | db       | latest | a:b",
        "db?version=7                            | home-proj   | -        | db       | 7      | -",
        "db:password?version=latest              | home-proj   | -        | db       | latest | password",
        "db:key?x                                | home-proj   | -        | db       | latest | key?x",
        "projects/other-proj/secrets/db:k        | other-proj  | -        | db       | latest | k",
        "projects/123456789012/secrets/Db_2?version=3 | 123456789012 | -   | Db_2     | 3      | -",
        "projects/example.com:corp-proj/secrets/db:k | example.com:corp-proj | - | db | latest | k",
    })
    void parsesGlobalPaths(String path, String project, String location, String secret, String version, String key) {
        SecretPath p = SecretPath.parse(path, "home-proj", Optional.empty());

        assertThat(p.target.project()).isEqualTo(project);
        assertThat(p.target.location()).isEqualTo(location);
        assertThat(p.target.secretId()).isEqualTo(secret);
        assertThat(p.target.version()).isEqualTo(version);
        assertThat(p.jsonKey).isEqualTo(Optional.ofNullable(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db:k", "projects/home-proj/locations/us-east1/secrets/db:k", "projects/home-proj/secrets/db:k"})
    void aRegionalManagerPutsItsLocationInTheResourceName(String path) {
        SecretPath p = SecretPath.parse(path, "home-proj", Optional.of("us-east1"));

        assertThat(p.target.versionName()).isEqualTo("projects/home-proj/locations/us-east1/secrets/db/versions/latest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " db", "db ", ":k", "db:", "my.secret", "db?version=0", "db?version=-1", "db?version=abc",
        "projects/home-proj/secrets/", "projects//secrets/db", "projects/home-proj/db", "projects/Bad_Proj/secrets/db",
        "projects/home-proj/locations/us-east1/secrets/db", "db?version=1?version=2", "a\nb"})
    void rejectsMalformedPaths(String path) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> SecretPath.parse(path, "home-proj", Optional.empty()));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.path()).isEqualTo(path);
    }
}
