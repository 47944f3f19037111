package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.api.Test;

/** ?version=N: 1..Integer.MAX_VALUE, anything else is VALIDATION before any store call. */
final class VersionQueryTest {
    @Test
    void aPathWithoutQueryHasNoVersion() {
        VersionQuery q = VersionQuery.parse("secret/data/app/k", "Vault");
        assertThat(q.base()).isEqualTo("secret/data/app/k");
        assertThat(q.version()).isEmpty();
    }

    @Test
    void aVersionIsSplitOff() {
        VersionQuery q = VersionQuery.parse("prod/db?version=2147483647", "Conjur");
        assertThat(q.base()).isEqualTo("prod/db");
        assertThat(q.version()).hasValue(Integer.MAX_VALUE);
    }

    @Test
    void tooLargeZeroSignedOrForeignQueriesAreValidationErrors() {
        for (String bad : new String[] {"a?version=9999999999", "a?version=2147483648", "a?version=0", "a?version=-1",
                "a?version=+1", "a?version=", "a?version=01", "a?versions=1", "a?version=1&x=2", "a?"}) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> VersionQuery.parse(bad, "Vault"));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.code()).as(bad).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
            assertThat(e.path()).isEqualTo(bad);
        }
    }
}
