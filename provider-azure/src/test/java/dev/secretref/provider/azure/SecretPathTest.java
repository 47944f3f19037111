package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The path grammar: {@code secretName[:jsonKey][?version=ID]}, names of 1 to 127 letters, digits and dashes. */
final class SecretPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "db                                              | db       | -          | -",
        "db:password                                     | db       | password   | -",
        "db:a:b                                          | db       | a:b        | -",
        "db?version=4387e9f3d6e14c459867679a90fd0f79     | db       | -          | 4387e9f3d6e14c459867679a90fd0f79",
        "db:user?version=abc123                          | db       | user       | abc123",
        "Prod-API-Keys-2                                 | Prod-API-Keys-2 | -   | -",
    })
    void parses(String path, String name, String key, String version) {
        SecretPath p = SecretPath.parse(path);
        assertThat(p.name).isEqualTo(name);
        assertThat(p.jsonKey.orElse(null)).isEqualTo(key);
        assertThat(p.version.orElse(null)).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":key", "under_score", "dot.name", "sla/sh", "db:", "db?version=", "db?version=a-b",
        "spa ce", "ünicode"})
    void rejects(String path) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> SecretPath.parse(path));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.getMessage()).contains(SecretPath.FORMAT);
    }

    @org.junit.jupiter.api.Test
    void nameLengthIsOneTo127() {
        assertThat(SecretPath.parse("a".repeat(127)).name).hasSize(127);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> SecretPath.parse("a".repeat(128)))).isNotNull();
    }
}
