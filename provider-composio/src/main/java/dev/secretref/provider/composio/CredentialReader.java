package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the value a path asks for out of a connected account, enforcing Composio's rules: only an {@code ACTIVE},
 * enabled account serves values; without a field the auth scheme's main credential is served; a masked or
 * redacted value is refused, never returned as if it were the secret. Messages name fields and statuses, never values.
 */
final class CredentialReader {
    /** The value Composio puts in place of a token it will not expose. */
    static final String REDACTED = "REDACTED";
    /** Masked values are the first 4 characters followed by {@code ...}; longer prefixes seen in the wild stay short. */
    private static final int MAX_MASKED_LENGTH = 16;

    /** Fields of {@code state.val} that configure the connection rather than authenticate it. */
    private static final Set<String> NOT_CREDENTIALS = Set.of("status", "subdomain", "your-domain", "region", "shop",
            "account_url", "COMPANYDOMAIN", "extension", "form_api_base_url", "instanceEndpoint", "api_url",
            "borneo_dashboard_url", "proxy_username", "domain", "version", "dc", "site_name", "instanceName", "account_id",
            "your_server", "server_location", "base_url", "username", "token_type", "scope", "expires_in", "expired_at",
            "redirectUrl", "callbackUrl", "callback_url", "authUri", "error", "error_description");

    private CredentialReader() { }

    /**
     * The value of {@code path} in {@code account}.
     *
     * @throws SecretManagerException {@code NOT_FOUND} (account not active, field absent), {@code ACCESS_DENIED}
     *     (account disabled, value masked or redacted), {@code VALIDATION / INVALID_REFERENCE} (no field named where
     *     the scheme has no single credential)
     */
    static String read(ConnectedAccount account, AccountPath path) {
        checkStatus(account, path);
        String field = path.field().orElseGet(() -> defaultField(account, path));
        Optional<JsonNode> node = account.value(field);
        if (node.isEmpty()) {
            throw get(Reason.NOT_FOUND, path, "Composio connected account " + account.id() + " (" + scheme(account)
                    + ") has no field '" + field + "' in its state; fields present: " + account.fieldNames());
        }
        String value = node.get().isTextual() ? node.get().textValue() : node.get().toString();
        if (node.get().isTextual() && isMasked(value)) {
            throw masked(account, path, field);
        }
        return value;
    }

    /** Whether {@code field} carries a credential (so the value must join the resolver's mask list). */
    static boolean isCredential(String field) {
        return !NOT_CREDENTIALS.contains(field);
    }

    /** {@code REDACTED}, or a short value ending in {@code ...} (the first characters of the secret, then an ellipsis). */
    static boolean isMasked(String value) {
        return value.equals(REDACTED) || (value.endsWith("...") && value.length() <= MAX_MASKED_LENGTH);
    }

    private static void checkStatus(ConnectedAccount a, AccountPath path) {
        String reason = a.statusReason().isBlank() ? "" : " (reason: " + clip(a.statusReason()) + ")";
        if (a.authConfigDisabled()) {
            throw get(Reason.ACCESS_DENIED, path, "Composio connected account " + a.id() + " belongs to a disabled auth config"
                    + reason + "; enable the auth config in Composio to read its credentials");
        }
        if (a.disabled() || a.status().equals("INACTIVE")) {
            throw get(Reason.ACCESS_DENIED, path, "Composio connected account " + a.id() + " is disabled (status " + shown(a.status())
                    + ")" + reason + "; enable it in Composio (PATCH /connected_accounts/{id}/status) to read its credentials");
        }
        switch (a.status()) {
            case "ACTIVE" -> { }
            case "INITIATED", "INITIALIZING" -> throw get(Reason.NOT_FOUND, path, "Composio connected account " + a.id()
                    + " has status " + a.status() + ": the end user started but did not finish authorizing it" + reason
                    + "; ask them to complete the connection");
            case "EXPIRED", "FAILED", "REVOKED" -> throw get(Reason.NOT_FOUND, path, "Composio connected account " + a.id()
                    + " has status " + a.status() + " and holds no usable credential" + reason
                    + "; the end user must re-authorize (reconnect) the account");
            default -> throw get(Reason.NOT_FOUND, path, "Composio connected account " + a.id() + " has status "
                    + shown(a.status()) + ", not ACTIVE" + reason + "; only ACTIVE accounts serve credentials");
        }
    }

    private static String defaultField(ConnectedAccount a, AccountPath path) {
        switch (a.authScheme()) {
            case "OAUTH2":
                return "access_token";
            case "API_KEY":
                return a.value("api_key").isPresent() || a.value("generic_api_key").isEmpty() ? "api_key" : "generic_api_key";
            case "BEARER_TOKEN":
                return "token";
            case "BASIC":
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(path.raw())
                        .message("Composio connected account " + a.id() + " uses BASIC auth, which holds two values; name one in "
                                + "the path: " + a.id() + ":username or " + a.id() + ":password").build();
            default:
                throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(path.raw())
                        .message("Composio connected account " + a.id() + " uses auth scheme " + shown(a.authScheme())
                                + ", which has no default credential; name the field in the path (" + a.id()
                                + ":<field>); fields present: " + a.fieldNames()).build();
        }
    }

    private static SecretManagerException masked(ConnectedAccount a, AccountPath path, String field) {
        String message = a.composioManaged()
                ? "Composio returned field '" + field + "' of connected account " + a.id() + " redacted: the account uses a "
                        + "Composio-managed auth config (is_composio_managed), and Composio never exposes the tokens of its own "
                        + "OAuth apps; connect the user through an auth config with your own OAuth app to read its tokens"
                : "Composio returned field '" + field + "' of connected account " + a.id() + " masked: the project setting "
                        + "mask_secret_keys_in_connected_account ('Mask Connected Account Secrets') is on; turn it off under "
                        + "Settings → Project Settings → Project Configuration to read credentials";
        return get(Reason.ACCESS_DENIED, path, message);
    }

    private static String scheme(ConnectedAccount a) {
        return a.authScheme().isEmpty() ? "no auth scheme" : a.authScheme();
    }

    private static String shown(String s) {
        return s.isEmpty() ? "(none)" : clip(s);
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\p{Cntrl}", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    private static SecretManagerException get(Reason reason, AccountPath path, String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, reason).path(path.raw()).message(message).build();
    }
}
