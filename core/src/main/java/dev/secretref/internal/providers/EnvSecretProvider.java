package dev.secretref.internal.providers;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads environment variables from a map (the process environment, or one a test injects). */
public final class EnvSecretProvider implements SecretProvider {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    /** A provider over {@code env}; {@link System#getenv()} in production. */
    public EnvSecretProvider(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String fetch(String path) {
        validatePath(path);
        String v = env.get(path);
        if (v == null) {
            throw SecretManagerException.notFound(path, "Environment variable " + path + " is not set in this process");
        }
        return v;
    }

    @Override
    public void checkConnection() { }

    @Override
    public void validatePath(String path) {
        if (!NAME.matcher(path).matches()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE,
                    "Wrong environment variable name. Should match [A-Za-z_][A-Za-z0-9_]*");
        }
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        return env.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().map(SecretInfo::of).toList();
    }

    @Override
    public String toString() { return "EnvSecretProvider[" + env.size() + " variables]"; }
}
