package dev.secretref;

import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code env} provider: reads environment variables from a map, the process environment in production
 * ({@code .manager("env", "env", Map.of())}) or one a test or tool injects ({@code new EnvSecretProvider(map)}
 * given to {@code SecretResolver.Builder#provider}). Paths are variable names ({@code [A-Za-z_][A-Za-z0-9_]*}).
 */
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
            throw SecretManagerException.notFound(path, "Environment variable " + SecretReference.abbreviate(path) + " is not set in this process");
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
