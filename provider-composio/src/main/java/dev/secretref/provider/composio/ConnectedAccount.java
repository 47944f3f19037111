package dev.secretref.provider.composio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One connected account as Composio returns it ({@code GET /api/{version}/connected_accounts/{id}} or an item of the
 * list). Holds the account's {@code state.val}, which carries credentials: not a record, and {@link #toString()} shows
 * no value.
 */
final class ConnectedAccount {
    private final String id;
    private final String toolkit;
    private final String status;
    private final String statusReason;
    private final boolean disabled;
    private final boolean authConfigDisabled;
    private final boolean composioManaged;
    private final String authScheme;
    private final JsonNode val;
    private final Optional<Instant> createdAt;
    private final Optional<Instant> updatedAt;

    private ConnectedAccount(JsonNode json) {
        JsonNode authConfig = json.path("auth_config");
        JsonNode state = json.path("state");
        this.id = json.path("id").asText("");
        this.toolkit = json.path("toolkit").path("slug").asText("");
        String status = json.path("status").asText("");
        this.status = (status.isEmpty() ? state.path("val").path("status").asText("") : status).toUpperCase(Locale.ROOT);
        this.statusReason = json.path("status_reason").isTextual() ? json.path("status_reason").textValue() : "";
        this.disabled = json.path("is_disabled").asBoolean(false);
        this.authConfigDisabled = authConfig.path("is_disabled").asBoolean(false);
        this.composioManaged = authConfig.path("is_composio_managed").asBoolean(false);
        String scheme = state.path("authScheme").asText("");
        this.authScheme = (scheme.isEmpty() ? authConfig.path("auth_scheme").asText("") : scheme).toUpperCase(Locale.ROOT);
        this.val = state.path("val").isObject() ? state.path("val") : MissingNode.getInstance();
        this.createdAt = instant(json.path("created_at"));
        this.updatedAt = instant(json.path("updated_at"));
    }

    /** The account in {@code json}, or empty when it is not an object with an id. */
    static Optional<ConnectedAccount> from(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("id").isTextual()) return Optional.empty();
        return Optional.of(new ConnectedAccount(json));
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (!node.isTextual()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(node.textValue()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    String id() { return id; }
    String toolkit() { return toolkit; }
    /** Upper case, e.g. {@code ACTIVE}; empty when Composio sent none. */
    String status() { return status; }
    String statusReason() { return statusReason; }
    boolean disabled() { return disabled; }
    boolean authConfigDisabled() { return authConfigDisabled; }
    /** Whether the account's auth config is Composio's own OAuth app, whose tokens Composio always redacts. */
    boolean composioManaged() { return composioManaged; }
    /** Upper case, e.g. {@code OAUTH2}; empty when Composio sent none. */
    String authScheme() { return authScheme; }
    Optional<Instant> createdAt() { return createdAt; }
    Optional<Instant> updatedAt() { return updatedAt; }

    /** The value under {@code field} in {@code state.val}: absent when missing or JSON null. */
    Optional<JsonNode> value(String field) {
        JsonNode v = val.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** The names (never the values) of the fields {@code state.val} holds. */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        val.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public String toString() {
        return "ConnectedAccount[" + id + ", toolkit=" + toolkit + ", status=" + status + ", authScheme=" + authScheme + ", val=██]";
    }
}
