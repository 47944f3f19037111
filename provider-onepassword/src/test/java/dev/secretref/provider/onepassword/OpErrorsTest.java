package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** op 2's stderr texts (as quoted in public test suites and 1Password's docs) mapped to reasons. */
final class OpErrorsTest {
    private static final Scrubber SCRUBBER = new Scrubber(List.of("ops_theToken123456"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[ERROR] 2024/05/01 10:00:00 could not read secret 'op://v/nope/f': could not get item v/nope: \"nope\" isn't an item in the \"v\" vault. Specify the item with its UUID, name, or domain. | SECRET_MANAGER_GET_SECRET_FAILED | NOT_FOUND",
        "[ERROR] could not read secret 'op://v/i/nope': item 'v/i' does not have a field 'nope' | SECRET_MANAGER_GET_SECRET_FAILED | NOT_FOUND",
        "[ERROR] 2024/05/01 10:00:00 \"Nowhere\" isn't a vault in this account. Specify the vault with its ID or name. | SECRET_MANAGER_GET_SECRET_FAILED | NOT_FOUND",
        "[ERROR] (403) Forbidden: You aren't authorized to access this resource. | SECRET_MANAGER_GET_SECRET_FAILED | ACCESS_DENIED",
        "[ERROR] (429) Too Many Requests: You've reached the maximum number of this type of requests this service account is allowed to make. Please retry in 59 minutes or try other requests. | SECRET_MANAGER_GET_SECRET_FAILED | THROTTLED",
        "[ERROR] 2024/05/01 10:00:00 could not read secret 'op://v/i/f': error initializing client: Validation: (failed to session.DecodeSACredentials), Server: (failed to DecodeSACredentials), illegal base64 data at input byte 12 | SECRET_MANAGER_CONNECTION_FAILED | AUTHENTICATION_FAILED",
        "[ERROR] 2024/05/01 10:00:00 (401) Unauthorized: invalid bearer token | SECRET_MANAGER_CONNECTION_FAILED | AUTHENTICATION_FAILED",
        "[ERROR] could not read secret 'op://v/i/f': error initializing client: You are not currently signed in. Please run `op signin --help` for instructions | SECRET_MANAGER_CONNECTION_FAILED | AUTHENTICATION_FAILED",
        "[ERROR] 2024/05/01 10:00:00 could not read secret 'op://v/i/f': error initializing client: Get \"https://my.1password.com/api\": dial tcp: lookup my.1password.com: no such host | SECRET_MANAGER_CONNECTION_FAILED | UNREACHABLE",
        "[ERROR] 2024/05/01 10:00:00 something new in op 3 | SECRET_MANAGER_GET_SECRET_FAILED | PROVIDER_ERROR",
    })
    void mapsOpsWordsToReasons(String stderr, ErrorCode code, Reason reason) {
        SecretManagerException e = OpErrors.toException("op read", stderr, "op://v/i/f", SecretRef.parse("op://v/i/f"), SCRUBBER, false);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.path()).isEqualTo("op://v/i/f");
        assertThat(e.getMessage()).doesNotContain("[ERROR]").doesNotContain("2024/05/01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[ERROR] weird failure mentioning ops_theToken123456 and a value hunter2-value | hunter2-value",
        "[ERROR] other token ops_AbCdEfGhIjKlMnOp0123 leaked | ops_AbCdEfGhIjKlMnOp0123",
    })
    void scrubsTokensAndValuesFromOpsWords(String stderr, String secret) {
        String scrubbed = SCRUBBER.scrub(stderr, List.of("hunter2-value"));
        assertThat(scrubbed).doesNotContain(secret).doesNotContain("ops_theToken123456").contains("██");
    }
}
