package dev.secretref.provider.onepassword;

import dev.secretref.provider.support.Redactor;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes text from the outside (op's stderr, a Connect error message) safe to put in an exception
 * message: masks the credentials and any value it was given (the shared {@link Redactor} rule: strings of
 * {@value Redactor#MIN_LENGTH} or more characters), and token-like strings, drops op's {@code [ERROR] date time}
 * frame, flattens control characters and bounds the length.
 */
final class Scrubber {
    static final int MAX_LENGTH = 400;
    private static final Pattern ERROR_FRAME = Pattern.compile("\\[ERROR]\\s*(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\s*)?");
    private static final Pattern TOKEN_LIKE = Pattern.compile("\\b(ops_|eyJ)[A-Za-z0-9_\\-.+/=]{8,}");

    private final Redactor redactor;

    Scrubber(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A scrubber of {@code secrets} only (no context to report to). */
    Scrubber(Collection<String> secrets) {
        this(Redactor.of(secrets));
    }

    /** {@code text} without the secrets this scrubber knows, nor {@code values}, nor token-like strings. */
    String scrub(String text, Collection<String> values) {
        if (text == null) return "";
        String s = redactor.scrub(text, values.stream().filter(v -> v != null).toList());
        s = TOKEN_LIKE.matcher(s).replaceAll("██");
        s = ERROR_FRAME.matcher(s).replaceAll("");
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 1));
        boolean space = false;
        for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                if (!space && sb.length() > 0) sb.append(' ');
                space = true;
            } else {
                sb.append(c);
                space = false;
            }
        }
        String out = sb.toString().strip();
        return out.length() >= MAX_LENGTH ? out + "…" : out;
    }

    String scrub(String text) { return scrub(text, List.of()); }
}
