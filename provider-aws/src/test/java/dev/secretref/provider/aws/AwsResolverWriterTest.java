package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Through the public API: {@code SecretResolver.writer} over the AWS writer, its cache invalidation and allow-list. */
final class AwsResolverWriterTest {
    private final FakeAws fake = new FakeAws();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void aWriteThroughTheResolverIsReadBackAtOnceDespiteTheCache() {
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", fake.config()).build()) {
            SecretWriter w = resolver.writer("prod-aws");
            Map<String, String> paths = w.write("conn-1", Map.of("token", "first"));
            String ref = "{{prod-aws|ap_sep_v1|" + paths.get("token") + "}}";
            assertThat(resolver.resolveString(ref)).isEqualTo("first");

            w.write("conn-1", Map.of("token", "second"));
            assertThat(resolver.resolveString(ref)).isEqualTo("second");

            w.delete("conn-1");
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> resolver.resolveString(ref));
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    void aWriteOutsideTheAllowListIsRefusedBeforeAnyAwsCall() {
        ManagerDefinition d = ManagerDefinition.of("prod-aws", "aws", fake.config()).allowPaths("apps/**");
        try (SecretResolver resolver = SecretResolver.builder().manager(d).build()) {
            long before = fake.requestCount();
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> resolver.writer("prod-aws").write("conn-2", Map.of("token", "v")));
            assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
            assertThat(fake.requestCount()).isEqualTo(before);
        }
    }

    @Test
    void aRefusedWriteReachesTheCallerAsWriteFailedWithoutTheValue() {
        fake.answer("CreateSecret", awsError(400, "AccessDeniedException", "denied"));
        try (SecretResolver resolver = SecretResolver.builder().manager("prod-aws", "aws", fake.config()).build()) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> resolver.writer("prod-aws").write("conn-3", Map.of("token", "canary-resolver-value")));
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
            assertThat(e.manager()).isEqualTo("prod-aws");
            assertThat(e.getMessage()).doesNotContain("canary-resolver-value");
        }
    }
}
