package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the field a reference names out of a Connect item ({@code fields[]} with {@code id},
 * {@code label}, {@code type}, {@code value}, {@code totp} and {@code section.id}; {@code sections[]}
 * with {@code id} and {@code label}). A part matches by id first, then by exact label. Messages name the
 * missing part, never a value.
 */
final class FieldSelector {
    private FieldSelector() { }

    static String select(JsonNode item, SecretRef ref) {
        String sectionId = null;
        if (ref.section() != null) sectionId = sectionId(item, ref);
        JsonNode field = field(item, ref, sectionId);
        return switch (ref.attribute()) {
            case VALUE -> field.path("value").asText("");
            case TYPE -> field.path("type").asText("").toLowerCase(Locale.ROOT);
            case OTP -> {
                JsonNode totp = field.get("totp");
                if (totp == null || totp.isNull() || totp.asText().isEmpty()) {
                    throw ConnectSecretProvider.notFound("Field '" + ref.field() + "' of item '" + ref.item()
                            + "' has no one-time password (?attribute=otp needs a one-time password field)");
                }
                yield totp.asText();
            }
        };
    }

    private static String sectionId(JsonNode item, SecretRef ref) {
        String wanted = ref.section();
        for (JsonNode s : item.path("sections")) {
            if (wanted.equals(s.path("id").asText(null))) return wanted;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode s : item.path("sections")) {
            if (wanted.equals(s.path("label").asText(null))) ids.add(s.path("id").asText());
        }
        if (ids.isEmpty()) {
            throw ConnectSecretProvider.notFound("Section '" + wanted + "' not found in item '" + ref.item() + "' of vault '"
                    + ref.vault() + "' (labels are case-sensitive; a section's id works too)");
        }
        if (ids.size() > 1) throw ambiguous("sections of item '" + ref.item() + "' are labelled '" + wanted + "'", "the section's id");
        return ids.get(0);
    }

    private static JsonNode field(JsonNode item, SecretRef ref, String sectionId) {
        String wanted = ref.field();
        List<JsonNode> inScope = new ArrayList<>();
        for (JsonNode f : item.path("fields")) {
            if (sectionId == null || sectionId.equals(f.path("section").path("id").asText(null))) inScope.add(f);
        }
        for (JsonNode f : inScope) {
            if (wanted.equals(f.path("id").asText(null))) return f;
        }
        List<JsonNode> byLabel = new ArrayList<>();
        for (JsonNode f : inScope) {
            if (wanted.equals(f.path("label").asText(null))) byLabel.add(f);
        }
        if (byLabel.isEmpty()) {
            String where = ref.section() == null ? "" : " in section '" + ref.section() + "'";
            throw ConnectSecretProvider.notFound("Field '" + wanted + "' not found in item '" + ref.item() + "'" + where + " of vault '"
                    + ref.vault() + "' (labels are case-sensitive; a field's id works too)");
        }
        if (byLabel.size() > 1) {
            throw ambiguous("fields of item '" + ref.item() + "' are labelled '" + wanted + "'", "the field's id or its section");
        }
        return byLabel.get(0);
    }

    private static SecretManagerException ambiguous(String what, String use) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                .message("Several " + what + "; use " + use + " in the reference").build();
    }
}
