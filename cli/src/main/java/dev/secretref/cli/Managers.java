package dev.secretref.cli;

import dev.secretref.CachePolicy;
import dev.secretref.ManagerDefinition;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.EnvSecretProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a resolver for some managers of a managers file. Their configs' {@code {{env|ap_sep_v1|NAME}}}
 * references are resolved first, from this process's environment, by a bootstrap resolver that knows
 * only {@code env}. Managers that are not asked for are not built, so a broken one does not stop the others.
 */
final class Managers {
    private final ManagersFile file;
    private final Map<String, String> env;

    Managers(ManagersFile file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    ManagersFile file() { return file; }

    /** The managers a reference word may route to: the one of that name, and those using a provider of that id. */
    List<ManagerSpec> matching(Collection<String> words) {
        return file.managers().values().stream()
                .filter(m -> words.contains(m.name()) || words.contains(m.provider()))
                .toList();
    }

    /**
     * A resolver holding {@code specs}.
     *
     * @throws CliException exit 2 when a config's env reference cannot be resolved
     * @throws SecretManagerException {@code VALIDATION} for an unknown provider or an invalid config
     */
    SecretResolver build(List<ManagerSpec> specs) {
        return resolver(definitions(specs));
    }

    /**
     * The definitions of {@code specs}, their env references resolved.
     *
     * @throws CliException exit 2 when an env reference cannot be resolved
     */
    List<ManagerDefinition> definitions(List<ManagerSpec> specs) {
        List<ManagerDefinition> out = new ArrayList<>();
        try (SecretResolver bootstrap = SecretResolver.builder().provider("env", new EnvSecretProvider(env))
                .cachePolicy(CachePolicy.disabled()).build()) {
            for (ManagerSpec spec : specs) {
                Map<String, Object> config = bootstrap(bootstrap, spec);
                ManagerDefinition d = ManagerDefinition.of(spec.name(), spec.provider(), config).scope(spec.scope());
                if (spec.cachePolicy() != null) d = d.cachePolicy(spec.cachePolicy());
                out.add(d);
            }
        }
        return out;
    }

    /**
     * A resolver over {@code definitions} (validates configs, creates providers; no network I/O).
     *
     * @throws SecretManagerException {@code VALIDATION} for an unknown provider or an invalid config
     */
    static SecretResolver resolver(List<ManagerDefinition> definitions) {
        SecretResolver.Builder builder = SecretResolver.builder();
        definitions.forEach(builder::manager);
        return builder.build();
    }

    private Map<String, Object> bootstrap(SecretResolver bootstrap, ManagerSpec spec) {
        try {
            return bootstrap.resolve(new LinkedHashMap<>(spec.config()));
        } catch (SecretManagerException e) {
            String where = "manager '" + spec.name() + "' in " + file.path();
            if (e.reason() == Reason.UNKNOWN_MANAGER || e.reason() == Reason.SCOPE_DENIED) {
                throw CliException.usage(where + " refers to manager '" + e.manager() + "' in its config",
                        "a managers file may only use {{env|ap_sep_v1|NAME}} references, resolved from the environment");
            }
            if (e.reason() == Reason.NOT_FOUND) {
                throw CliException.usage(where + ": environment variable " + e.path() + " is not set",
                        "export " + e.path() + " before running secretref, or change the reference in the config");
            }
            throw CliException.usage(where + ": " + e.getMessage(), "the {{env|ap_sep_v1|NAME}} references in its config");
        }
    }

    /** The names the file defines, for messages. */
    Set<String> names() {
        return file.managers().keySet();
    }
}
