package dev.secretref.provider.composio;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Optional;
import java.util.regex.Pattern;

/** A parsed path: a connected account id ({@code ca_…}) and an optional field of its {@code state.val}. */
final class AccountPath {
    private static final Pattern ID = Pattern.compile("ca_[A-Za-z0-9_-]{1,128}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final String raw;
    private final String accountId;
    private final String field;   // null = the auth scheme's main credential

    private AccountPath(String raw, String accountId, String field) {
        this.raw = raw;
        this.accountId = accountId;
        this.field = field;
    }

    /** @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} when the path is not {@code ca_…[:field]} */
    static AccountPath parse(String raw) {
        if (raw == null) throw invalid(null, "the path is missing");
        int colon = raw.indexOf(':');
        String id = colon < 0 ? raw : raw.substring(0, colon);
        String field = colon < 0 ? null : raw.substring(colon + 1);
        if (!ID.matcher(id).matches()) {
            throw invalid(raw, "the connected account id must look like ca_… (letters, digits, '_' and '-'), as Composio shows it");
        }
        if (field != null && !FIELD.matcher(field).matches()) {
            throw invalid(raw, "the field after ':' must be a state.val key such as access_token, api_key, token, username or password");
        }
        return new AccountPath(raw, id, field);
    }

    private static SecretManagerException invalid(String raw, String why) {
        return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_REFERENCE).path(raw)
                .message("Invalid Composio path: " + why + "; the syntax is connectedAccountId[:field], e.g. ca_Xb1kYb2J3ZqU:access_token")
                .build();
    }

    String raw() { return raw; }
    String accountId() { return accountId; }
    Optional<String> field() { return Optional.ofNullable(field); }

    @Override
    public String toString() { return raw; }
}
