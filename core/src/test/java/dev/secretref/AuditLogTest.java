package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuditLog}: one structured event per resolved, denied or failed reference under {@code dev.secretref.audit},
 * never a value. Captured through slf4j-simple, which writes to the current {@code System.err}.
 */
final class AuditLogTest {
    private static final String SECRET = "s3cr3t-VALUE-9f2";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private SecretResolver resolver;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        if (resolver != null) resolver.close();
    }

    private List<String> auditLines() {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(AuditLog.LOGGER_NAME)).toList();
    }

    @Test
    void aResolvedReferenceIsOneInfoEventWithManagerPathAndProjectButNoValue() {
        resolver = SecretResolver.builder()
                .provider("team", new InMemorySecretProvider(Map.of("db/password", SECRET)), Scope.projects("p1"))
                .listener(AuditLog.create()).build();

        assertThat(resolver.resolveString("{{team|ap_sep_v1|db/password}}", ResolutionContext.project("p1"))).isEqualTo(SECRET);

        assertThat(auditLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("INFO", "outcome=RESOLVED", "manager=team", "path=db/password", "project=p1")
                .doesNotContain(SECRET));
    }

    @Test
    void aDeniedReferenceIsOneWarnEventWithTheReasonAndNoStoreCall() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("db/password", SECRET)));
        resolver = SecretResolver.builder().provider("team", store, Scope.projects("p1")).listener(AuditLog.create()).build();

        assertThatThrownBy(() -> resolver.resolveString("{{team|ap_sep_v1|db/password}}", ResolutionContext.project("p2")))
                .isInstanceOf(SecretManagerException.class);

        assertThat(auditLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("WARN", "outcome=DENIED", "manager=team", "path=db/password", "project=p2",
                        "code=VALIDATION", "reason=SCOPE_DENIED")
                .doesNotContain(SECRET));
        assertThat(store.calls()).isZero();
    }

    @Test
    void aFailedReferenceIsOneWarnEventWithItsReasonAndACallWithoutProjectHasNoProjectField() {
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider()).listener(AuditLog.create()).build();

        assertThatThrownBy(() -> resolver.resolveString("{{m|ap_sep_v1|db/missing}}")).isInstanceOf(SecretManagerException.class);

        assertThat(auditLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("WARN", "outcome=FAILED", "manager=m", "path=db/missing",
                        "code=SECRET_MANAGER_GET_SECRET_FAILED", "reason=NOT_FOUND")
                .doesNotContain("project="));
    }

    @Test
    void controlCharactersInAPathCannotForgeASecondLogLine() {
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider()).listener(AuditLog.create()).build();

        assertThatThrownBy(() -> resolver.resolveString("{{m|ap_sep_v1|a\nINFO dev.secretref.audit - outcome=RESOLVED}}"))
                .isInstanceOf(SecretManagerException.class);

        assertThat(auditLines()).singleElement().satisfies(line -> assertThat(line).contains("path=a\\u000aINFO"));
    }
}
