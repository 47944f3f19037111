package dev.secretref.provider.onepassword;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A template for one {@code op inject} run that resolves many references at once. Each reference
 * appears as an enclosed secret reference ({@code {{ op://... }}}) between markers made of a fresh
 * 128-bit random word and the reference's index; the output is cut at the markers. If the output
 * does not hold exactly the expected markers in order (a value that happens to contain one), parsing
 * reports nothing and the caller falls back to one {@code op read} per reference.
 */
final class InjectTemplate {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String nonce;
    private final List<String> references;

    private InjectTemplate(String nonce, List<String> references) {
        this.nonce = nonce;
        this.references = List.copyOf(references);
    }

    static InjectTemplate of(List<String> cliReferences) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new InjectTemplate("SRX" + HexFormat.of().formatHex(b), cliReferences);
    }

    private String marker(int i) { return nonce + "." + i + "."; }

    /** The template text to feed on stdin. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < references.size(); i++) {
            sb.append(marker(i)).append("{{ ").append(references.get(i)).append(" }}");
        }
        return sb.append(marker(references.size())).toString();
    }

    /** The values in reference order, or empty when the output does not have the template's shape. */
    Optional<List<String>> parse(String output) {
        int n = references.size();
        int count = 0;
        for (int at = output.indexOf(nonce); at >= 0; at = output.indexOf(nonce, at + nonce.length())) count++;
        if (count != n + 1 || !output.startsWith(marker(0)) || !output.endsWith(marker(n))) return Optional.empty();
        List<String> values = new ArrayList<>(n);
        int from = marker(0).length();
        for (int i = 0; i < n; i++) {
            int next = output.indexOf(marker(i + 1), from);
            if (next < 0) return Optional.empty();
            values.add(output.substring(from, next));
            from = next + marker(i + 1).length();
        }
        return Optional.of(values);
    }

    @Override
    public String toString() { return "InjectTemplate[" + references.size() + " references]"; }
}
