package dev.secretref.provider.vault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of Vault API paths, segment by segment (slashes kept). */
final class VaultPaths {
    private VaultPaths() { }

    static String encode(String path) {
        String[] parts = path.split("/", -1);
        StringBuilder sb = new StringBuilder(path.length() + 8);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append('/');
            sb.append(URLEncoder.encode(parts[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    static String trimSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') a++;
        while (b > a && s.charAt(b - 1) == '/') b--;
        return s.substring(a, b);
    }

    /** Whether {@code path} is {@code mount} or lies under it, segment-wise. */
    static boolean under(String path, String mount) {
        return path.equals(mount) || path.startsWith(mount + "/");
    }

    static String first(String path) {
        int i = path.indexOf('/');
        return i < 0 ? path : path.substring(0, i);
    }
}
