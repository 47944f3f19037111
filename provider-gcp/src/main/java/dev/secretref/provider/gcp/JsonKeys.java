package dev.secretref.provider.gcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads one top-level key of a JSON object text: a string comes back as its text; a number, boolean,
 * {@code null}, object or array as its JSON text exactly as stored. Never puts the input in an exception.
 */
final class JsonKeys {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonKeys() { }

    /** The text is not exactly one JSON object. No message, no cause: a parser's would quote the text. */
    static final class NotAJsonObject extends Exception {
        private static final long serialVersionUID = 1L;

        NotAJsonObject() {
            super("not a JSON object", null, false, false);
        }
    }

    /** The value under {@code key} (the last one if it repeats), or empty when the object lacks it. */
    static Optional<String> read(String json, String key) throws NotAJsonObject {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new NotAJsonObject();
            String found = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == null) throw new NotAJsonObject();
                if (!name.equals(key)) {
                    p.skipChildren();
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    long start = p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    long end = p.currentTokenLocation().getCharOffset() + 1;
                    if (start < 0 || end > json.length() || end <= start) throw new NotAJsonObject();
                    found = json.substring((int) start, (int) end);
                } else {
                    found = p.getText();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) throw new NotAJsonObject();
            return Optional.ofNullable(found);
        } catch (IOException e) {
            throw new NotAJsonObject();
        }
    }
}
