package dev.secretref.cli;

import static dev.secretref.SecretReference.abbreviate;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Writes failures to stderr (code, reason, what to check) and picks the exit code. Never a value. */
final class Errors {
    private Errors() { }

    static int report(PrintWriter err, Throwable t) {
        return report(err, null, t);
    }

    /** Reports {@code t}, after {@code context} (what was being done) when given. */
    static int report(PrintWriter err, String context, Throwable t) {
        int code;
        if (t instanceof CliException e) {
            err.println("secretref: " + (context != null ? context + ": " : "") + capped(e.getMessage()));
            if (e.hint() != null) err.println("  check: " + e.hint());
            code = e.exitCode();
        } else if (t instanceof SecretManagerException e) {
            err.println("secretref: " + (context != null ? context : "failed"));
            List<SecretManagerException> all = new ArrayList<>();
            all.add(e);
            for (Throwable s : e.getSuppressed()) if (s instanceof SecretManagerException x) all.add(x);
            for (SecretManagerException x : all) describe(err, x);
            code = exitCode(e);
        } else {
            err.println("secretref: " + (context != null ? context + ": " : "") + "unexpected " + t.getClass().getName()
                    + " (run with --verbose for details)");
            code = ExitCodes.FAILED;
        }
        err.flush();
        return code;
    }

    private static void describe(PrintWriter err, SecretManagerException e) {
        StringBuilder head = new StringBuilder("  error: ").append(e.code()).append(" / ").append(e.reason());
        List<String> about = new ArrayList<>();
        if (e.manager() != null) about.add("manager " + abbreviate(e.manager()));
        if (e.provider() != null) about.add("provider " + abbreviate(e.provider()));
        if (e.path() != null) about.add("path " + abbreviate(e.path()));
        if (!about.isEmpty()) head.append(" (").append(String.join(", ", about)).append(')');
        err.println(head);
        err.println("  " + message(e).replace("\n", "\n  "));
        err.println("  check: " + ("env".equals(e.provider()) && e.reason() == Reason.NOT_FOUND
                ? "that the environment variable is set (export " + abbreviate(e.path()) + "=...) in the shell that runs secretref"
                : hint(e.reason())));
    }

    /** Longest message printed whole; longer ones (a provider echoing megabytes of input) are cut. */
    static final int MAX_MESSAGE_LENGTH = 2_000;

    /**
     * The exception's message as the CLI prints it: its path and manager (user input, possibly megabytes) cut to
     * {@value dev.secretref.SecretReference#MAX_QUOTED_LENGTH} characters wherever the message quotes them, and the
     * whole cut to {@value #MAX_MESSAGE_LENGTH}.
     */
    static String message(SecretManagerException e) {
        String m = String.valueOf(e.getMessage());
        for (String quoted : new String[] {e.path(), e.manager()}) {
            if (quoted != null && !quoted.equals(abbreviate(quoted))) m = m.replace(quoted, abbreviate(quoted));
        }
        return capped(m);
    }

    private static String capped(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "… (cut)";
    }

    /** 2 for configuration and option problems (invalid config, unknown provider, out-of-range option), 1 for everything else. */
    static int exitCode(SecretManagerException e) {
        return e.code() == ErrorCode.VALIDATION && (e.reason() == Reason.INVALID_CONFIG || e.reason() == Reason.UNKNOWN_PROVIDER
                || e.reason() == Reason.INVALID_ARGUMENT)
                ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    static String hint(Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "the path exists in the store and is spelled the same in the reference; `secretref list MANAGER` shows the names";
            case ACCESS_DENIED -> "the permissions of the manager's credentials (IAM policy, Vault policy, Conjur permit, 1Password vault access) for this secret";
            case AUTHENTICATION_FAILED -> "the credentials in the managers file and the environment variables they name are valid and not expired; `secretref test MANAGER`";
            case UNREACHABLE -> "the store's URL or region, the network and proxy, and TLS (caCertificate); `secretref test MANAGER`";
            case TIMEOUT -> "the network path to the store, or raise connectTimeout/readTimeout in the manager's config";
            case THROTTLED -> "the store's rate limits; try again later";
            case INVALID_REFERENCE -> "the reference syntax {{manager|ap_sep_v1|path}} and the provider's path format (`secretref providers`)";
            case UNKNOWN_MANAGER -> "the manager name in the reference against the names in the managers file";
            case SCOPE_DENIED -> "the manager's \"projects\" in the managers file and the --project option";
            case INVALID_ARGUMENT -> "the option values against `secretref help COMMAND` (for list: --offset 0 or more, --limit 1 to 1000)";
            case INVALID_CONFIG -> "the manager's config keys in the managers file against `secretref providers`";
            case UNKNOWN_PROVIDER -> "the provider id in the managers file; `secretref providers` lists the providers in this build";
            case UNSUPPORTED -> "this provider does not support the operation";
            case CONFLICT -> "another writer changed the secret at the same time; read it again and retry";
            case CYCLE, CLOSED, PROVIDER_ERROR -> "the message above; run with --verbose for the log";
        };
    }
}
