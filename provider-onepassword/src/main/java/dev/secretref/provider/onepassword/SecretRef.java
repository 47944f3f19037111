package dev.secretref.provider.onepassword;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed 1Password secret reference: {@code op://vault/item/[section/]field[?attribute=otp|type|value]}.
 *
 * <p>Each part is a name or an id; names are matched exactly (case-sensitive) and may hold spaces.
 * A part that holds a {@code /} is written in double quotes ({@code op://Prod/"ci/cd"/token}); the
 * {@code op} CLI has no such escape, so service-account mode rejects those (use the item's id there).
 * Immutable; holds no secret.
 */
final class SecretRef {
    static final String FORMAT_MESSAGE = "Wrong secret reference format. Expected: op://vault/item/field";
    private static final String PREFIX = "op://";

    /** What {@code ?attribute=} asks for. */
    enum Attribute {
        VALUE, TYPE, OTP;

        String queryValue() { return name().toLowerCase(Locale.ROOT); }
    }

    private final String vault;
    private final String item;
    private final String section;   // null when the reference has none
    private final String field;
    private final Attribute attribute;   // null when not given (= value)
    private final boolean hasSlashInName;

    private SecretRef(String vault, String item, String section, String field, Attribute attribute, boolean hasSlashInName) {
        this.vault = vault;
        this.item = item;
        this.section = section;
        this.field = field;
        this.attribute = attribute;
        this.hasSlashInName = hasSlashInName;
    }

    /**
     * Parses {@code path}.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_REFERENCE} with the expected format
     */
    static SecretRef parse(String path) {
        if (path == null || !path.startsWith(PREFIX)) throw invalid("it must start with op://");
        String rest = path.substring(PREFIX.length());
        Attribute attribute = null;
        List<String> parts = new ArrayList<>(4);
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean slashInName = false;
        int i = 0;
        for (; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (Character.isISOControl(c)) throw invalid("it contains a control character");
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                    if (current.length() == 0) throw invalid("a quoted part is empty");
                    if (i + 1 < rest.length() && rest.charAt(i + 1) != '/' && rest.charAt(i + 1) != '?') {
                        throw invalid("a closing quote must end its part");
                    }
                } else {
                    if (c == '/') slashInName = true;
                    current.append(c);
                }
                continue;
            }
            if (c == '"') {
                if (current.length() > 0 || wasQuoted) throw invalid("a quote may only open a whole part");
                quoted = true;
                wasQuoted = true;
            } else if (c == '/') {
                parts.add(part(current));
                current.setLength(0);
                wasQuoted = false;
            } else if (c == '?') {
                break;
            } else {
                if (c == '{' || c == '}') throw invalid("braces are not allowed in names");
                current.append(c);
            }
        }
        if (quoted) throw invalid("a quote is not closed");
        parts.add(part(current));
        if (i < rest.length()) {
            attribute = attribute(rest.substring(i + 1));
        }
        if (parts.size() < 3) throw invalid("it needs a vault, an item and a field");
        if (parts.size() > 4) throw invalid("it has too many parts; put a name that holds '/' in double quotes");
        String section = parts.size() == 4 ? parts.get(2) : null;
        return new SecretRef(parts.get(0), parts.get(1), section, parts.get(parts.size() - 1), attribute, slashInName);
    }

    private static String part(StringBuilder sb) {
        if (sb.length() == 0) throw invalid("a part is empty");
        if (sb.toString().isBlank()) throw invalid("a part is blank");
        return sb.toString();
    }

    private static Attribute attribute(String query) {
        if (!query.startsWith("attribute=")) throw invalid("the only query parameter is ?attribute=otp|type|value");
        String v = query.substring("attribute=".length());
        for (Attribute a : Attribute.values()) {
            if (a.queryValue().equals(v)) return a;
        }
        throw invalid("?attribute= must be otp, type or value");
    }

    private static SecretManagerException invalid(String why) {
        return SecretManagerException.validation(Reason.INVALID_REFERENCE, FORMAT_MESSAGE + " (or op://vault/item/section/field); " + why);
    }

    String vault() { return vault; }
    String item() { return item; }
    /** The section name or id, or {@code null}. */
    String section() { return section; }
    String field() { return field; }
    /** The attribute asked for; {@code VALUE} when none was given. */
    Attribute attribute() { return attribute == null ? Attribute.VALUE : attribute; }
    boolean hasExplicitAttribute() { return attribute != null; }
    /** Whether a quoted part holds a '/', which the op CLI cannot address by name. */
    boolean hasSlashInName() { return hasSlashInName; }

    /** The reference as the op CLI reads it (no quotes; only valid when {@link #hasSlashInName()} is false). */
    String cliReference() {
        StringBuilder sb = new StringBuilder(PREFIX).append(vault).append('/').append(item).append('/');
        if (section != null) sb.append(section).append('/');
        sb.append(field);
        if (attribute != null) sb.append("?attribute=").append(attribute.queryValue());
        return sb.toString();
    }

    /** A key naming the item (vault + item) for grouping several fields of one item. */
    String itemKey() { return vault + '\u0000' + item; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef r && r.vault.equals(vault) && r.item.equals(item) && Objects.equals(r.section, section)
                && r.field.equals(field) && r.attribute == attribute;
    }

    @Override
    public int hashCode() { return Objects.hash(vault, item, section, field, attribute); }

    @Override
    public String toString() { return cliReference(); }
}
