package dev.secretref;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An opt-in audit trail: one structured SLF4J event per reference a caller resolved, was denied or failed to
 * resolve, under the logger {@value #LOGGER_NAME} so it can be routed to its own appender. Never logs a value.
 *
 * <pre>{@code
 * SecretResolver resolver = SecretResolver.builder()
 *     .manager("prod-aws", "aws", Map.of("region", "eu-west-1"))
 *     .listener(AuditLog.create())
 *     .build();
 * }</pre>
 *
 * Each event carries the key-value pairs {@code outcome} ({@code RESOLVED}, {@code DENIED}, {@code FAILED}),
 * {@code manager}, {@code path}, {@code project} (left out for a call without a project) and, for a denial or a
 * failure, {@code code} and {@code reason}; the message text of a denial or failure ends with the exception's
 * message (which names the rule or the store problem, never a value).
 * {@code RESOLVED} is logged at INFO, {@code DENIED} and {@code FAILED} at WARN, so setting the logger to WARN
 * keeps only refusals and failures. Control characters in names and paths are escaped, so a crafted reference
 * cannot forge a log line. Backends that do not render key-value pairs (older Logback encoders) still get
 * them in the message text through SLF4J's fallback.
 */
public final class AuditLog implements SecretResolverListener {
    /** The logger every event goes to, unless {@link #to(Logger)} names another. */
    public static final String LOGGER_NAME = "dev.secretref.audit";

    private final Logger logger;

    private AuditLog(Logger logger) {
        this.logger = logger;
    }

    /** An audit log writing to the logger {@value #LOGGER_NAME}. */
    public static AuditLog create() {
        return new AuditLog(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** An audit log writing to {@code logger}. */
    public static AuditLog to(Logger logger) {
        return new AuditLog(Objects.requireNonNull(logger, "logger"));
    }

    @Override
    public void onResolved(String manager, String path, ResolutionContext context) {
        if (!logger.isInfoEnabled()) return;
        fields(logger.atInfo(), "RESOLVED", manager, path, context).log("secret reference resolved");
    }

    @Override
    public void onDenied(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!logger.isWarnEnabled()) return;
        failure(fields(logger.atWarn(), "DENIED", manager, path, context), error)
                .log("secret reference denied: {}", escape(error.getMessage()));
    }

    @Override
    public void onResolveFailed(String manager, String path, ResolutionContext context, SecretManagerException error) {
        if (!logger.isWarnEnabled()) return;
        failure(fields(logger.atWarn(), "FAILED", manager, path, context), error)
                .log("secret reference failed: {}", escape(error.getMessage()));
    }

    private static LoggingEventBuilder fields(LoggingEventBuilder event, String outcome, String manager, String path,
                                              ResolutionContext context) {
        event = event.addKeyValue("outcome", outcome)
                .addKeyValue("manager", escape(manager))
                .addKeyValue("path", escape(path));
        String project = context.projectId().orElse(null);
        return project == null ? event : event.addKeyValue("project", escape(project));
    }

    private static LoggingEventBuilder failure(LoggingEventBuilder event, SecretManagerException error) {
        return event.addKeyValue("code", error.code()).addKeyValue("reason", error.reason());
    }

    /** {@code s} with control characters (CR, LF, ...) written as {@code \\uXXXX}. */
    static String escape(String s) {
        if (s == null) return null;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) return escapeFrom(s, i);
        }
        return s;
    }

    private static String escapeFrom(String s, int first) {
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "AuditLog[" + logger.getName() + "]";
    }
}
