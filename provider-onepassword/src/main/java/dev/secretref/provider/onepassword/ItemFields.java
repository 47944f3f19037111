package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A credential as a 1Password item, for both write modes: title = credential name, category Secure Note, one
 * CONCEALED field per credential field (label = field name), read back as {@code op://<writeVault>/<name>/<field>}.
 */
final class ItemFields {
    static final String CATEGORY = "SECURE_NOTE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemFields() { }

    /**
     * The reference path of each field. A field name must be addressable in a secret reference (no '/', '?', quotes
     * or braces, no outer spaces) and unique ignoring case (op matches labels case-insensitively).
     */
    static Map<String, String> paths(String vault, String name, Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        Set<String> seen = new HashSet<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String k = f.getKey();
            boolean ok = k != null && !k.isEmpty() && k.equals(k.strip()) && k.chars().noneMatch(c -> c == '/' || c == '?'
                    || c == '"' || c == '{' || c == '}' || Character.isISOControl(c));
            String path = "op://" + vault + "/" + name + "/" + k;
            if (ok) {
                try {
                    SecretRef r = SecretRef.parse(path);
                    ok = r.section() == null && r.field().equals(k) && r.item().equals(name) && r.vault().equals(vault);
                } catch (SecretManagerException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A field name must be non-empty, without "
                        + "'/', '?', quotes, braces, control characters or outer spaces (it ends an op:// reference); '" + k
                        + "' is not");
            }
            if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field names must differ in more than case "
                        + "(1Password matches field labels case-insensitively); '" + k + "' repeats another");
            }
            if (f.getValue() == null) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field '" + k + "' has no value (null)");
            }
            paths.put(k, path);
        }
        return paths;
    }

    /** The item JSON (1Password item template / Connect FullItem shape) without ids. */
    static ObjectNode item(String title, Map<String, String> fields) {
        ObjectNode item = JSON.createObjectNode();
        item.put("title", title);
        item.put("category", CATEGORY);
        item.putArray("sections");
        ArrayNode array = item.putArray("fields");
        fields.forEach((label, value) -> array.addObject().put("type", "CONCEALED").put("label", label).put("value", value));
        return item;
    }

    /** A vault name or id usable in op:// references and op's --vault. */
    static boolean validVault(String vault) {
        return !vault.isBlank() && vault.equals(vault.strip()) && vault.chars().noneMatch(c -> c == '/' || c == '?' || c == '"'
                || c == '{' || c == '}' || Character.isISOControl(c));
    }
}
