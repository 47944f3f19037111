package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;

/** Adds a field to 1Password item JSON ({@code fields[]}, {@code sections[]}) the same way for both fakes. */
final class ItemJson {
    private ItemJson() { }

    /** A CONCEALED field {@code label} (in {@code section}, created if needed) holding {@code value} (omitted when null). */
    static ObjectNode addField(ObjectNode item, String section, String label, String value, UnaryOperator<String> newId) {
        ObjectNode f = ((ArrayNode) item.get("fields")).addObject();
        f.put("id", newId.apply("f" + label));
        f.put("type", "CONCEALED");
        f.put("label", label);
        if (value != null) f.put("value", value);
        if (section != null) {
            String sectionId = null;
            for (JsonNode s : item.get("sections")) {
                if (s.get("label").asText().equals(section)) sectionId = s.get("id").asText();
            }
            if (sectionId == null) {
                sectionId = newId.apply("s" + section);
                ObjectNode s = ((ArrayNode) item.get("sections")).addObject();
                s.put("id", sectionId);
                s.put("label", section);
            }
            f.putObject("section").put("id", sectionId);
        }
        return f;
    }
}
