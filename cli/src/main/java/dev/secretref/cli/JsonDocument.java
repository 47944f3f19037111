package dev.secretref.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The string values of a JSON document (comments and trailing commas allowed); field names are not resolved. */
final class JsonDocument {
    private JsonDocument() { }

    static List<Slot> slots(String text, Lines lines) {
        List<Slot> slots = new ArrayList<>();
        try (JsonParser p = InputLimits.jsonFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.VALUE_STRING) continue;
                int start = (int) p.currentTokenLocation().getCharOffset();
                String value = p.getText();
                int end = (int) p.currentLocation().getCharOffset();
                if (start < 0 || end > text.length() || end - start < 2 || text.charAt(start) != '"' || text.charAt(end - 1) != '"') {
                    throw new IllegalStateException("unexpected JSON string bounds at offset " + start);
                }
                int line = lines.lineOf(start);
                slots.add(Slot.encoded(start, end, value, i -> line, JsonDocument::encode));
            }
        } catch (JsonProcessingException e) {
            throw InputLimits.describe(e).map(limit -> CliException.usage(limit.problem(), limit.hint()))
                    .orElseGet(() -> CliException.usage("is not valid JSON" + Locations.at(e.getLocation()),
                            "the file's JSON syntax (comments and trailing commas are allowed)"));
        } catch (IOException e) {
            throw CliException.usage("could not be read as JSON: " + e.getClass().getSimpleName(), null);
        }
        return slots;
    }

    /** A JSON string literal holding exactly {@code value}. */
    static String encode(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
