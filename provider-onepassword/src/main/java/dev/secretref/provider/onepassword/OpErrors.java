package dev.secretref.provider.onepassword;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what {@code op} printed on stderr to a {@link SecretManagerException}. The texts are those op 2
 * prints (for example {@code [ERROR] 2024/05/01 10:00:00 could not read secret 'op://v/i/f': could not
 * get item v/i: "i" isn't an item in the "v" vault. Specify the item with its UUID, name, or domain.}).
 * An unknown text becomes {@code PROVIDER_ERROR} carrying op's own words, scrubbed: a wording change in a
 * later op costs precision, never safety.
 */
final class OpErrors {
    private static final Pattern NOT_A_VAULT = Pattern.compile("\"([^\"]*)\" isn't a vault");
    private static final Pattern NOT_AN_ITEM = Pattern.compile("\"([^\"]*)\" isn't an item");
    private static final Pattern NO_FIELD = Pattern.compile("does not have a field '([^']*)'");
    private static final Pattern NO_SECTION = Pattern.compile("(?:does not have a section|isn't a section)[^'\"]*['\"]([^'\"]*)['\"]");

    /** What kind of failure a stderr text describes. */
    enum Kind {
        /** The token is invalid, expired or revoked, or op is not signed in. */
        AUTHENTICATION,
        /** op could not reach 1Password. */
        UNREACHABLE,
        /** The hourly or daily request limit was hit. */
        THROTTLED,
        /** The token may not read this vault or item. */
        ACCESS_DENIED,
        /** The vault, item, section or field does not exist (or is not shared with the service account). */
        NOT_FOUND,
        /** Anything else. */
        OTHER;

        /** Whether this failure concerns the whole run, not one reference (no point retrying per reference). */
        boolean global() { return this == AUTHENTICATION || this == UNREACHABLE || this == THROTTLED; }
    }

    private OpErrors() { }

    static Kind classify(String stderr) {
        String s = stderr == null ? "" : stderr;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("(429)") || lower.contains("too many requests") || lower.contains("rate limit")) return Kind.THROTTLED;
        if (lower.contains("(401)") || lower.contains("unauthorized") || lower.contains("not currently signed in")
                || lower.contains("decodesacredentials") || lower.contains("invalid bearer token") || lower.contains("invalid token")
                || lower.contains("token has expired") || lower.contains("token is expired") || lower.contains("revoked")
                || lower.contains("could not find session token") || lower.contains("authentication required")) {
            return Kind.AUTHENTICATION;
        }
        if (lower.contains("(403)") || lower.contains("forbidden") || lower.contains("aren't authorized")
                || lower.contains("not authorized") || lower.contains("no vault access") || lower.contains("permission denied")
                || lower.contains("access denied")) {
            return Kind.ACCESS_DENIED;
        }
        if (NOT_A_VAULT.matcher(s).find() || NOT_AN_ITEM.matcher(s).find() || NO_FIELD.matcher(s).find()
                || NO_SECTION.matcher(s).find() || lower.contains("not found")) {
            return Kind.NOT_FOUND;
        }
        if (lower.contains("error initializing client") || lower.contains("dial tcp") || lower.contains("no such host")
                || lower.contains("connection refused") || lower.contains("i/o timeout") || lower.contains("tls handshake")
                || lower.contains("context deadline exceeded")) {
            return Kind.UNREACHABLE;
        }
        return Kind.OTHER;
    }

    /**
     * The exception for a failed run. {@code path} is the reference it concerns, or null for a
     * connection check or listing; {@code ref} (may be null) names the parts for NOT_FOUND messages.
     */
    static SecretManagerException toException(String what, String stderr, String path, SecretRef ref, Scrubber scrubber,
                                              boolean connectionCheck) {
        Kind kind = classify(stderr);
        String said = scrubber.scrub(stderr);
        SecretManagerException.Builder b;
        switch (kind) {
            case AUTHENTICATION -> b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("1Password rejected the service account token (" + what + "): it is invalid, expired or revoked; "
                            + "check serviceAccountToken (a token starting with ops_, see 1Password.com > Developer > Service accounts). op said: " + said);
            case UNREACHABLE -> b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("op could not reach 1Password (" + what + "); check network access and proxies to *.1password.com. op said: " + said);
            case THROTTLED -> b = SecretManagerException.builder(connectionCheck ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED
                            : ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.THROTTLED)
                    .message("1Password rate-limited the service account (" + what + "); service accounts have hourly read limits "
                            + "per token (1,000 on Teams, 10,000 on Business) and daily limits per account; check usage with "
                            + "'op service-account ratelimit' and keep values cached longer. op said: " + said);
            case ACCESS_DENIED -> b = SecretManagerException.builder(connectionCheck ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED
                            : ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .message("The service account may not read this (" + what + "); grant it read_items on the vault. op said: " + said);
            case NOT_FOUND -> b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.NOT_FOUND)
                    .message(notFoundMessage(stderr, ref, what) + ". op said: " + said);
            default -> b = SecretManagerException.builder(connectionCheck ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED
                            : ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("op failed (" + what + "). op said: " + said);
        }
        return b.path(path).build();
    }

    private static String notFoundMessage(String stderr, SecretRef ref, String what) {
        String s = stderr == null ? "" : stderr;
        Matcher m = NOT_A_VAULT.matcher(s);
        if (m.find()) {
            return "Vault '" + m.group(1) + "' not found (" + what + "), or it is not shared with this service account";
        }
        m = NOT_AN_ITEM.matcher(s);
        if (m.find()) {
            return "Item '" + m.group(1) + "' not found in vault '" + (ref != null ? ref.vault() : "?") + "' (" + what + ")";
        }
        m = NO_SECTION.matcher(s);
        if (m.find()) {
            return "Section '" + m.group(1) + "' not found in item '" + (ref != null ? ref.item() : "?") + "' (" + what + ")";
        }
        m = NO_FIELD.matcher(s);
        if (m.find()) {
            return "Field '" + m.group(1) + "' not found in item '" + (ref != null ? ref.item() : "?") + "' (" + what + ")";
        }
        return "Not found (" + what + ")";
    }
}
