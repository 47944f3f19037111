package dev.secretref.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person needs to connect a store: the provider's id and name, its config fields, and its path
 * syntax with an example. The resolver validates every manager's config against {@link #fields()}.
 */
public final class ProviderDescriptor {
    private final String id;
    private final String displayName;
    private final List<Field> fields;
    private final String pathFormat;
    private final String pathExample;

    private ProviderDescriptor(String id, String displayName, List<Field> fields, String pathFormat, String pathExample) {
        this.id = Objects.requireNonNull(id, "id");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.fields = List.copyOf(fields);
        this.pathFormat = Objects.requireNonNull(pathFormat, "pathFormat");
        this.pathExample = Objects.requireNonNull(pathExample, "pathExample");
        long distinct = this.fields.stream().map(Field::key).distinct().count();
        if (distinct != this.fields.size()) {
            throw new IllegalArgumentException("duplicate field key in descriptor of " + id);
        }
    }

    public static ProviderDescriptor of(String id, String displayName, List<Field> fields, String pathFormat, String pathExample) {
        return new ProviderDescriptor(id, displayName, fields, pathFormat, pathExample);
    }

    public String id() { return id; }
    public String displayName() { return displayName; }
    public List<Field> fields() { return fields; }
    /** The path syntax, e.g. {@code secretName[:jsonKey]}. */
    public String pathFormat() { return pathFormat; }
    /** A path that follows the syntax, e.g. {@code prod/api-keys:slack_token}. */
    public String pathExample() { return pathExample; }

    public Optional<Field> field(String key) {
        for (Field f : fields) {
            if (f.key().equals(key)) return Optional.of(f);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[" + id + ", " + displayName + ", fields=" + fields.stream().map(Field::key).toList() + "]";
    }

    /** The type of a config value; the resolver checks values against it before {@code create}. */
    public enum FieldType {
        /** Free text. */
        TEXT,
        /** An http:// or https:// URL. */
        URL,
        /** A duration: ISO-8601 ({@code PT2S}) or short ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}). */
        DURATION,
        /** A whole number. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One or more PEM certificates. */
        PEM,
        /** A structured value (a map or a JSON object text); used by the embedded memory provider. */
        OBJECT
    }

    /** One config key. */
    public static final class Field {
        private final String key;
        private final String label;
        private final boolean required;
        private final boolean sensitive;
        private final FieldType type;
        private final String help;

        private Field(String key, String label, boolean required, boolean sensitive, FieldType type, String help) {
            this.key = Objects.requireNonNull(key, "key");
            this.label = Objects.requireNonNull(label, "label");
            this.required = required;
            this.sensitive = sensitive;
            this.type = Objects.requireNonNull(type, "type");
            this.help = Objects.requireNonNull(help, "help");
        }

        /** A required, non-sensitive text field. */
        public static Field required(String key, String label, String help) {
            return new Field(key, label, true, false, FieldType.TEXT, help);
        }

        /** An optional, non-sensitive text field. */
        public static Field optional(String key, String label, String help) {
            return new Field(key, label, false, false, FieldType.TEXT, help);
        }

        /** A copy that is a credential: never logged, scrubbed from every message. */
        public Field sensitive() { return new Field(key, label, required, true, type, help); }

        /** A copy of the given type. */
        public Field type(FieldType type) { return new Field(key, label, required, sensitive, type, help); }

        public String key() { return key; }
        public String label() { return label; }
        public boolean isRequired() { return required; }
        public boolean isSensitive() { return sensitive; }
        public FieldType type() { return type; }
        public String help() { return help; }

        @Override
        public String toString() {
            return key + (required ? " (required)" : "") + (sensitive ? " (sensitive)" : "") + ": " + label;
        }
    }

    /** Fields every HTTP provider shares, with the same keys and help everywhere. */
    public static final class CommonFields {
        private CommonFields() { }

        public static final Field CA_CERTIFICATE = Field.optional("caCertificate", "CA certificate (PEM)",
                "PEM certificate(s) to trust for the store's TLS certificate, in addition to the JVM's trust store").type(FieldType.PEM);
        public static final Field CONNECT_TIMEOUT = Field.optional("connectTimeout", "Connect timeout",
                "How long to wait for a TCP/TLS connection, e.g. 5s or PT5S (default 5s)").type(FieldType.DURATION);
        public static final Field READ_TIMEOUT = Field.optional("readTimeout", "Read timeout",
                "How long to wait for one response, e.g. 10s or PT10S (default 10s)").type(FieldType.DURATION);
    }
}
