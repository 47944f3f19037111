package dev.secretref.provider.conjur;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds every Conjur REST URL from the configured base URL (which may carry a path, as Conjur Cloud's
 * {@code https://<tenant>.secretsmgr.cyberark.cloud/api} does). Identifiers are percent-encoded whole,
 * so {@code /} becomes {@code %2F}, as the Conjur API reference asks.
 */
final class ConjurUrls {
    /** Batch URLs stay under this many characters, well below common proxy and server limits (8 KiB). */
    static final int MAX_URL_LENGTH = 8000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String base;
    private final String account;

    ConjurUrls(String baseUrl, String account) {
        String b = baseUrl.strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        this.base = b;
        this.account = account;
    }

    String base() { return base; }

    /** {@code POST /authn/{account}/{login}/authenticate}. */
    URI authenticate(String login) {
        return URI.create(base + "/authn/" + encode(account) + "/" + encode(login) + "/authenticate");
    }

    /** {@code GET /secrets/{account}/variable/{id}[?version=N]}. */
    URI secret(VariablePath path) {
        String uri = base + "/secrets/" + encode(account) + "/variable/" + encode(path.id());
        if (path.version().isPresent()) uri += "?version=" + path.version().getAsInt();
        return URI.create(uri);
    }

    /** {@code POST /secrets/{account}/variable/{id}}: sets a new value. */
    URI variable(String id) {
        return URI.create(base + "/secrets/" + encode(account) + "/variable/" + encode(id));
    }

    /** The full resource id Conjur uses as a batch key: {@code account:variable:id}. */
    String resourceId(String variableId) {
        return account + ":variable:" + variableId;
    }

    /** The prefix that {@link #resourceId} puts before a variable id. */
    String resourceIdPrefix() {
        return account + ":variable:";
    }

    /** {@code GET /secrets?variable_ids=a:variable:x,a:variable:y}: each id URL-encoded, joined by commas. */
    URI batch(List<VariablePath> paths) {
        StringBuilder sb = new StringBuilder(batchPrefix());
        for (int i = 0; i < paths.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(encodedResourceId(paths.get(i)));
        }
        return URI.create(sb.toString());
    }

    String batchPrefix() {
        return base + "/secrets?variable_ids=";
    }

    String encodedResourceId(VariablePath path) {
        return encode(resourceId(path.id()));
    }

    /**
     * {@code GET /resources/{account}/variable?limit=&offset=[&search=]}: one page of the variables the identity can see,
     * ordered by resource id (Conjur orders by id whenever limit or offset is given).
     */
    URI resources(int limit, long offset, String search) {
        String uri = base + "/resources/" + encode(account) + "/variable?limit=" + limit + "&offset=" + offset;
        if (search != null && !search.isEmpty()) uri += "&search=" + encode(search);
        return URI.create(uri);
    }

    /** {@code GET /whoami}. */
    URI whoami() {
        return URI.create(base + "/whoami");
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (so {@code / + & @ :} are all escaped). */
    static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }
}
