package dev.secretref.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SecretPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "prod/db                                                              | prod/db | -            | -           | -",
            "prod/db:password                                                     | prod/db | password     | -           | -",
            "prod/api-keys:slack_token                                            | prod/api-keys | slack_token | -     | -",
            "a+b=c.d@e_f-g:key                                                    | a+b=c.d@e_f-g | key    | -           | -",
            "prod/db:nested:key:with:colons                                       | prod/db | nested:key:with:colons | - | -",
            "prod/db:password?versionStage=AWSPREVIOUS                            | prod/db | password     | AWSPREVIOUS | -",
            "prod/db?versionId=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111               | prod/db | -            | -           | a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-a1B2c3  | arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-a1B2c3 | - | - | -",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-a1B2c3:password | arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-a1B2c3 | password | - | -",
            "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x:a:b?versionStage=AWSCURRENT | arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x | a:b | AWSCURRENT | -",
            "key-with-question:what?                                              | key-with-question | what? | -           | -",
    })
    void validPathsSplitIntoSecretKeyAndVersion(String path, String secretId, String key, String stage, String versionId) {
        SecretPath p = SecretPath.parse(path);
        assertThat(p.secretId).isEqualTo(secretId);
        assertThat(p.jsonKey.orElse(null)).isEqualTo(key);
        assertThat(p.versionStage.orElse(null)).isEqualTo(stage);
        assertThat(p.versionId.orElse(null)).isEqualTo(versionId);
        assertThat(p.isArn()).isEqualTo(secretId.startsWith("arn:"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "", "   ", ":key", "name:", "bad name:key", "name\n:key", "ünïcode:key",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:name:",
            "arn:aws:s3:::bucket/key",
            "arn:aws:secretsmanager::123456789012:secret:name",
            "name?versionStage=", "name:key?versionId=", "name?versionStage=A?versionId=B"})
    void malformedPathsAreValidationErrorsWithTheFormatMessage(String path) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> SecretPath.parse(path));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
        assertThat(e.getMessage()).startsWith("Wrong key format. Should be secretName:secretJsonKey");
        assertThat(e.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod/db:k", "prod/db:other", "prod/db"})
    void pathsOfOneSecretShareOneTarget(String path) {
        assertThat(SecretPath.parse(path).target()).isEqualTo(SecretPath.parse("prod/db").target());
    }
}
