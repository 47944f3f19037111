package dev.secretref.cli;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import java.util.Map;
import java.util.regex.Pattern;

/** Environment variables for the managers file's own {@code {{env|ap_sep_v1|NAME}}} references. */
final class EnvironmentProvider implements SecretProvider {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    EnvironmentProvider(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String fetch(String path) {
        validatePath(path);
        String v = env.get(path);
        if (v == null) throw SecretManagerException.notFound(path, "Environment variable " + path + " is not set");
        return v;
    }

    @Override
    public void checkConnection() { }

    @Override
    public void validatePath(String path) {
        if (!NAME.matcher(path).matches()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "'" + path + "' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    @Override
    public String toString() { return "EnvironmentProvider[" + env.size() + " variables]"; }
}
