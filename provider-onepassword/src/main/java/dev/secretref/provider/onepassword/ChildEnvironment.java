package dev.secretref.provider.onepassword;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment an {@code op} child gets: a short allow-list taken from this process (what a
 * program needs to run, find its config and reach the network through a proxy) plus the service
 * account token in {@code OP_SERVICE_ACCOUNT_TOKEN}. Nothing else crosses: in particular no other
 * {@code OP_*} variable, so a developer's {@code OP_SESSION_*}, {@code OP_CONNECT_HOST} /
 * {@code OP_CONNECT_TOKEN} (which op would prefer over the service account) or {@code OP_ACCOUNT}
 * cannot change which identity the child uses.
 */
final class ChildEnvironment {
    static final String TOKEN_VARIABLE = "OP_SERVICE_ACCOUNT_TOKEN";

    private static final Set<String> ALLOWED = Set.of(
            "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "XDG_CONFIG_HOME",
            "XDG_RUNTIME_DIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            // Windows: what a process needs to start and find its profile
            "SYSTEMROOT", "SystemRoot", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP", "USERPROFILE", "APPDATA",
            "LOCALAPPDATA", "PROGRAMDATA", "Path");

    private ChildEnvironment() { }

    /** The child's environment built from {@code parent} (normally {@link System#getenv()}) and {@code token}. */
    static Map<String, String> build(Map<String, String> parent, String token) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parent.entrySet()) {
            if (ALLOWED.contains(e.getKey()) && e.getValue() != null) env.put(e.getKey(), e.getValue());
        }
        env.put(TOKEN_VARIABLE, token);
        return env;
    }
}
