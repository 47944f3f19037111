package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference grammar, per https://developer.1password.com/docs/cli/secret-reference-syntax. */
final class SecretRefTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "op://Prod/db/password                     | Prod     | db       | -          | password   | VALUE",
        "op://My Vault/Api Keys/prod creds/secret key | My Vault | Api Keys | prod creds | secret key | VALUE",
        "op://Prod/db/one-time password?attribute=otp | Prod  | db       | -          | one-time password | OTP",
        "op://Prod/db/password?attribute=type      | Prod     | db       | -          | password   | TYPE",
        "op://Prod/\"ci/cd\"/token                   | Prod     | ci/cd    | -          | token      | VALUE",
        "op://abcdefghijklmnopqrstuvwxyz/i/s/f     | abcdefghijklmnopqrstuvwxyz | i | s | f | VALUE",
    })
    void parsesValidReferences(String path, String vault, String item, String section, String field, SecretRef.Attribute attribute) {
        SecretRef ref = SecretRef.parse(path.strip());
        assertThat(ref.vault()).isEqualTo(vault);
        assertThat(ref.item()).isEqualTo(item);
        assertThat(ref.section()).isEqualTo(section);
        assertThat(ref.field()).isEqualTo(field);
        assertThat(ref.attribute()).isEqualTo(attribute);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "op:/v/i/f", "OP://v/i/f", "op://", "op://v", "op://v/i", "op://v/i/", "op:///i/f", "op://v/ /f",
        "op://a/b/c/d/e", "op://v/i/f?", "op://v/i/f?attribute=", "op://v/i/f?attribute=password", "op://v/i/f?ssh-format=openssh",
        "op://v/\"i/f", "op://v/\"\"/f", "op://v/x\"i\"/f", "op://v/\"i\"x/f", "op://v/i/f\tx", "op://v/{{i}}/f", "vault/item/field"})
    void rejectsEverythingElseWithTheExpectedFormat(String path) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> SecretRef.parse(path));
        assertThat(e).as(path).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.getMessage()).startsWith("Wrong secret reference format. Expected: op://vault/item/field");
    }

    @Test
    void theCliFormDropsQuotesAndKeepsTheAttribute() {
        assertThat(SecretRef.parse("op://Prod/db/sec/password?attribute=type").cliReference()).isEqualTo("op://Prod/db/sec/password?attribute=type");
        assertThat(SecretRef.parse("op://\"Prod\"/db/password").cliReference()).isEqualTo("op://Prod/db/password");
        assertThat(SecretRef.parse("op://Prod/\"a/b\"/password").hasSlashInName()).isTrue();
    }
}
