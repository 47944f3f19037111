package dev.secretref.provider.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads one top-level key of a JSON object text: a string comes back as its text, a number, boolean,
 * {@code null}, object or array as its JSON text exactly as stored. Never puts the input in an exception.
 */
public final class JsonKeys {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonKeys() { }

    /** The input is not one JSON object. Carries no message and no cause: the parser's would quote the text. */
    public static final class NotAJsonObject extends Exception {
        private static final long serialVersionUID = 1L;

        NotAJsonObject() {
            super("not a JSON object", null, false, false);
        }
    }

    /**
     * The value under {@code key} (the last one if the key repeats), or empty when the object has no such key.
     *
     * @throws NotAJsonObject when {@code json} is not exactly one JSON object
     */
    public static Optional<String> read(String json, String key) throws NotAJsonObject {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new NotAJsonObject();
            String found = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(key)) {
                    found = text(p, value, json);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) throw new NotAJsonObject();
            return Optional.ofNullable(found);
        } catch (IOException e) {
            throw new NotAJsonObject();
        }
    }

    private static String text(JsonParser p, JsonToken value, String json) throws IOException, NotAJsonObject {
        if (value == null) throw new NotAJsonObject();
        switch (value) {
            case START_OBJECT, START_ARRAY -> {
                long start = p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                long end = p.currentTokenLocation().getCharOffset() + 1;
                if (start < 0 || end > json.length() || end <= start) throw new NotAJsonObject();
                return json.substring((int) start, (int) end);
            }
            default -> {
                // strings unescaped; numbers, true, false and null as written
                return p.getText();
            }
        }
    }
}
