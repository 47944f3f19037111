package dev.secretref.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The limits of the JSON and YAML parsers that read input and managers files, and how to raise them. A file that
 * passes a limit is reported as that limit ("nested deeper than 1000 levels"), never as a syntax error, with the
 * {@code java -D...} option that raises it. Defaults:
 * <ul>
 *   <li>{@value #NESTING_DEPTH} = 1000 levels of objects and lists (JSON and YAML);</li>
 *   <li>{@value #STRING_LENGTH} = 20,000,000 characters in one JSON string;</li>
 *   <li>{@value #YAML_CODE_POINTS} = 50,000,000 code points in one YAML stream (SnakeYAML's own default is 3 M).</li>
 * </ul>
 */
final class InputLimits {
    static final String NESTING_DEPTH = "secretref.maxNestingDepth";
    static final String STRING_LENGTH = "secretref.maxStringLength";
    static final String YAML_CODE_POINTS = "secretref.maxYamlCodePoints";

    private static final int DEFAULT_NESTING_DEPTH = 1_000;
    private static final int DEFAULT_STRING_LENGTH = 20_000_000;
    private static final int DEFAULT_YAML_CODE_POINTS = 50_000_000;

    /** A limit that was hit: what happened (completes "FILE ...") and what to do. */
    record Limit(String problem, String hint) { }

    private InputLimits() { }

    static int nestingDepth() { return limit(NESTING_DEPTH, DEFAULT_NESTING_DEPTH); }

    static int stringLength() { return limit(STRING_LENGTH, DEFAULT_STRING_LENGTH); }

    static int yamlCodePoints() { return limit(YAML_CODE_POINTS, DEFAULT_YAML_CODE_POINTS); }

    /** JSON with comments and trailing commas, under these limits. */
    static JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .streamReadConstraints(constraints())
                .build();
    }

    /** YAML under these limits. */
    static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(nestingDepth());
        options.setCodePointLimit(yamlCodePoints());
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints()).build();
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(nestingDepth()).maxStringLength(stringLength()).build();
    }

    /** The limit behind a parse failure, if it was one. */
    static Optional<Limit> describe(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof StreamConstraintsException && m.contains("nesting depth")
                    || m.contains("nesting depth exceeded")) {
                return Optional.of(hit("is nested deeper than " + nestingDepth() + " levels", NESTING_DEPTH, nestingDepth()));
            }
            if (t instanceof StreamConstraintsException && m.contains("string value length")) {
                return Optional.of(hit("has a string longer than " + stringLength() + " characters", STRING_LENGTH, stringLength()));
            }
            if (m.contains("exceeds the limit") && m.contains("code points")) {
                return Optional.of(hit("is longer than " + yamlCodePoints() + " code points (the YAML reader's limit)",
                        YAML_CODE_POINTS, yamlCodePoints()));
            }
            if (t instanceof StreamConstraintsException) {
                return Optional.of(new Limit("passes a limit of the JSON/YAML reader", "the file's size and structure"));
            }
        }
        return Optional.empty();
    }

    private static Limit hit(String problem, String property, int current) {
        long raised = Math.min(Integer.MAX_VALUE, current * 10L);
        return new Limit(problem + " (a limit, not a syntax error)",
                "raise it with java -D" + property + "=" + raised + " -jar secretref.jar ...");
    }

    private static int limit(String property, int defaultValue) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) return defaultValue;
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw CliException.usage("-D" + property + " must be a whole number from 1 to " + Integer.MAX_VALUE,
                "the -D options on the java command line");
    }
}
