package dev.secretref.provider.onepassword;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes text from the outside (op's stderr, a Connect error message) safe to put in an exception
 * message: removes the credential and any value it was given, drops op's {@code [ERROR] date time}
 * frame, flattens control characters and bounds the length.
 */
final class Scrubber {
    static final int MAX_LENGTH = 400;
    private static final Pattern ERROR_FRAME = Pattern.compile("\\[ERROR]\\s*(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\s*)?");
    private static final Pattern TOKEN_LIKE = Pattern.compile("\\b(ops_|eyJ)[A-Za-z0-9_\\-.+/=]{8,}");

    private final List<String> secrets;

    Scrubber(Collection<String> secrets) {
        this.secrets = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) this.secrets.add(s);
        }
    }

    /** {@code text} without the secrets this scrubber knows, nor {@code values}, nor token-like strings. */
    String scrub(String text, Collection<String> values) {
        if (text == null) return "";
        String s = text;
        for (String secret : secrets) s = s.replace(secret, "██");
        for (String v : values) {
            if (v != null && v.length() >= 3) s = s.replace(v, "██");
        }
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
