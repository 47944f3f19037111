package dev.secretref.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretReference;
import dev.secretref.spi.ProviderDescriptor.Field;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One manager's configuration, checked against its provider's {@link ProviderDescriptor}: no unknown
 * keys, every required key present and non-blank, every value of its field's type. All problems are
 * reported together in one {@code VALIDATION / INVALID_CONFIG} error. Immutable; {@link #toString()}
 * shows keys only and never a sensitive value.
 */
public final class ProviderConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String manager;
    private final ProviderDescriptor descriptor;
    private final Map<String, Object> values;

    private ProviderConfig(String manager, ProviderDescriptor descriptor, Map<String, Object> values) {
        this.manager = manager;
        this.descriptor = descriptor;
        this.values = values;
    }

    /**
     * Checks {@code raw} against {@code descriptor}. Scalar values may be strings, numbers or booleans
     * (kept as their text); fields of type {@code OBJECT} may also be maps. {@code null} values count as absent.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} naming every bad key
     */
    public static ProviderConfig of(String manager, ProviderDescriptor descriptor, Map<String, ?> raw) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(raw, "config");
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (key == null) {
                problems.add("a key is null (config keys are text: " + knownKeys(descriptor) + ")");
                continue;
            }
            Optional<Field> field = descriptor.field(key);
            if (field.isEmpty()) {
                unknown.add(key);
                continue;
            }
            if (v == null) continue;
            Object normalized = normalize(field.get(), v, problems);
            if (normalized != null) values.put(key, normalized);
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(SecretReference::abbreviate).toList())
                    + " (known: " + knownKeys(descriptor) + ")");
        }
        for (Field f : descriptor.fields()) {
            if (f.isRequired() && !values.containsKey(f.key()) && raw.get(f.key()) == null) {
                problems.add("missing required key " + f.key() + " (" + f.label() + ")");
            }
        }
        ProviderConfig config = new ProviderConfig(manager, descriptor, Collections.unmodifiableMap(values));
        if (!problems.isEmpty()) throw config.invalid(problems);
        return config;
    }

    private static String knownKeys(ProviderDescriptor descriptor) {
        return String.join(", ", descriptor.fields().stream().map(Field::key).toList());
    }

    private static Object normalize(Field f, Object v, List<String> problems) {
        if (f.type() == ProviderDescriptor.FieldType.OBJECT) {
            if (v instanceof Map<?, ?> m) return Collections.unmodifiableMap(new LinkedHashMap<>(m));
            if (v instanceof String s) {
                try {
                    Object parsed = JSON.readValue(s, Object.class);
                    if (parsed instanceof Map<?, ?> m) return Collections.unmodifiableMap(m);
                } catch (JsonProcessingException ignored) {
                    // reported below, without quoting the text (it may hold secrets)
                }
            }
            problems.add(f.key() + " must be an object (a map, or JSON object text)");
            return null;
        }
        if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            problems.add(f.key() + " must be text, not " + v.getClass().getSimpleName());
            return null;
        }
        String s = v.toString();
        if (s.isBlank()) {
            if (f.isRequired()) problems.add(f.key() + " must not be blank");
            return null;
        }
        // A value that fails a check is never quoted, sensitive or not: a URL can carry a password in a form no
        // check recognises, and any value can be megabytes long. The message names the key and the rule.
        switch (f.type()) {
            case DURATION -> {
                try {
                    if (parseDuration(s).isZero()) problems.add(f.key() + " must be longer than zero");
                } catch (IllegalArgumentException e) {
                    problems.add(f.key() + " " + e.getMessage());
                }
            }
            case INTEGER -> {
                try {
                    Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    problems.add(f.key() + " is not a whole number (digits only, at most " + Long.MAX_VALUE + ")");
                }
            }
            case BOOLEAN -> {
                if (!s.strip().equalsIgnoreCase("true") && !s.strip().equalsIgnoreCase("false")) {
                    problems.add(f.key() + " is not true or false");
                }
            }
            case URL -> urlProblem(s.strip()).ifPresent(rule -> problems.add(f.key() + " " + rule));
            case PEM -> {
                if (!s.contains("-----BEGIN CERTIFICATE-----")) {
                    problems.add(f.key() + " must hold PEM text starting with -----BEGIN CERTIFICATE-----");
                }
            }
            default -> { }
        }
        return s;
    }

    /** What is wrong with {@code text} as an {@code http(s)://host[:port][/path]} URL, if anything; never quotes it. */
    private static Optional<String> urlProblem(String text) {
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return Optional.of("must start with http:// or https://");
        }
        int authorityEnd = text.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = text.indexOf(c, schemeEnd + 3);
            if (i >= 0 && i < authorityEnd) authorityEnd = i;
        }
        // any '@' before the path is user-info, however the rest is spelled (user:p@ss@host, %zz, blanks...)
        if (text.substring(schemeEnd + 3, authorityEnd).indexOf('@') >= 0) {
            return Optional.of("must not hold user:password@ (put credentials in their own keys)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a valid URL (RFC 3986: no blanks, '%' only before two hex digits, "
                    + "no characters such as ^ | \\ \" < > { })");
        }
        if (uri.getHost() == null) return Optional.of("needs a host name, and a port in 1-65535 if it has one");
        if (uri.getPort() == 0 || uri.getPort() > 65_535) return Optional.of("has a port outside 1-65535");
        return Optional.empty();
    }

    /** The longest duration a config accepts: longer ones are typing mistakes, and overflow the clocks they feed. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * Parses {@code PT2S}-style ISO-8601 or a short form: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d},
     * at most {@link #MAX_DURATION} (365 days).
     *
     * @throws IllegalArgumentException when it is neither, negative or longer than 365 days; its message completes
     *     "KEY ..." (e.g. "is longer than 365 days") and never quotes the text
     */
    public static Duration parseDuration(String text) {
        String s = text.strip();
        Matcher m = SHORT_DURATION.matcher(s);
        Duration d;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException tooManyDigits) {
                throw tooLong();
            }
        } else {
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "is not a duration (use 500ms, 2s, 5m, 1h, 1d or ISO-8601 like PT2S; at most 365 days)");
            }
        }
        if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
        if (d.compareTo(MAX_DURATION) > 0) throw tooLong();
        return d;
    }

    private static IllegalArgumentException tooLong() {
        return new IllegalArgumentException("is longer than the maximum of 365 days");
    }

    /** The manager this config belongs to (used in messages). */
    public String managerName() { return manager; }

    /** The provider's id. */
    public String providerId() { return descriptor.id(); }

    public ProviderDescriptor descriptor() { return descriptor; }

    /** The keys that have a value. */
    public Set<String> keys() { return values.keySet(); }

    public boolean has(String key) { return values.containsKey(key); }

    /** The text of a scalar key, if set and not blank. */
    public Optional<String> get(String key) {
        Object v = values.get(key);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The text of a key the descriptor marks required (present after validation). */
    public String require(String key) {
        return get(key).orElseThrow(() -> invalid(List.of("missing required key " + key)));
    }

    public Optional<Duration> duration(String key) { return get(key).map(ProviderConfig::parseDuration); }

    public Duration duration(String key, Duration defaultValue) { return duration(key).orElse(defaultValue); }

    public Optional<Long> integer(String key) { return get(key).map(s -> Long.parseLong(s.strip())); }

    public boolean bool(String key, boolean defaultValue) {
        return get(key).map(s -> Boolean.parseBoolean(s.strip())).orElse(defaultValue);
    }

    /** A structured ({@code OBJECT}) value. */
    public Optional<Map<?, ?>> object(String key) {
        Object v = values.get(key);
        return v instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }

    /** The values of sensitive keys, for scrubbing messages. Never log them. */
    public Set<String> sensitiveValues() {
        Set<String> out = new LinkedHashSet<>();
        for (Field f : descriptor.fields()) {
            if (f.isSensitive()) get(f.key()).ifPresent(out::add);
        }
        return out;
    }

    /** One {@code VALIDATION / INVALID_CONFIG} error naming every problem. Problems must not quote credentials. */
    public SecretManagerException invalid(Collection<String> problems) {
        return SecretManagerException.builder(dev.secretref.ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                .provider(descriptor.id()).manager(manager)
                .message("Invalid configuration for manager '" + SecretReference.abbreviate(manager) + "' (provider "
                        + descriptor.id() + "): " + String.join("; ", problems))
                .build();
    }

    /** Keys only; sensitive values as {@code ██}, others shown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderConfig[").append(manager).append(", ").append(descriptor.id()).append(", {");
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            boolean sensitive = descriptor.field(e.getKey()).map(Field::isSensitive).orElse(true);
            boolean structured = e.getValue() instanceof Map;
            sb.append(e.getKey()).append('=').append(sensitive || structured ? "██" : e.getValue());
        }
        return sb.append("}]").toString();
    }
}
