package dev.secretref.provider.vault;

import dev.secretref.spi.ProviderConfig;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checked combination of a manager's config: the Vault address, the namespace, the one auth method,
 * and how many secret paths a batch reads at once. Every problem is reported in one {@code INVALID_CONFIG}.
 */
final class VaultSettings {
    static final int DEFAULT_CONCURRENCY = 8;
    static final int MAX_CONCURRENCY = 64;

    private final URI url;
    private final Optional<String> namespace;
    private final VaultAuth auth;
    private final int concurrency;

    private VaultSettings(URI url, Optional<String> namespace, VaultAuth auth, int concurrency) {
        this.url = url;
        this.namespace = namespace;
        this.auth = auth;
        this.concurrency = concurrency;
    }

    static VaultSettings from(ProviderConfig config) {
        List<String> problems = new ArrayList<>();
        URI url = URI.create(config.require("url").strip());
        boolean token = config.has("token");
        boolean roleId = config.has("roleId");
        boolean secretId = config.has("secretId");
        boolean k8sRole = config.has("kubernetesRole");
        boolean jwtPath = config.has("jwtPath");
        boolean appRole = roleId || secretId;
        boolean kubernetes = k8sRole || jwtPath;

        if (roleId != secretId) {
            problems.add("AppRole needs both roleId and secretId (" + (roleId ? "secretId" : "roleId") + " is missing)");
        }
        if (jwtPath && !k8sRole) problems.add("jwtPath is for Kubernetes auth and needs kubernetesRole");
        List<String> methods = new ArrayList<>();
        if (token) methods.add("token");
        if (appRole) methods.add("AppRole (roleId/secretId)");
        if (kubernetes) methods.add("Kubernetes (kubernetesRole)");
        if (methods.isEmpty()) {
            problems.add("no auth method: set token, or roleId + secretId (AppRole), or kubernetesRole (Kubernetes)");
        } else if (methods.size() > 1) {
            problems.add("set exactly one auth method, found " + String.join(" and ", methods));
        }
        String authMount = config.get("authMount").map(VaultPaths::trimSlashes).orElse("");
        if (config.has("authMount") && (authMount.isEmpty() || authMount.contains(" ") || authMount.contains("?"))) {
            problems.add("authMount must be a mount path like approle or team-a/kubernetes");
        }
        if (config.has("authMount") && token && !appRole && !kubernetes) {
            problems.add("authMount applies to AppRole or Kubernetes login, not to a static token");
        }
        Path jwt = null;
        if (kubernetes) {
            try {
                jwt = Path.of(config.get("jwtPath").orElse(KubernetesAuth.DEFAULT_JWT_PATH).strip());
            } catch (InvalidPathException e) {
                problems.add("jwtPath is not a valid file path");
            }
        }
        int concurrency = DEFAULT_CONCURRENCY;
        Optional<Long> c = config.integer("maxConcurrency");
        if (c.isPresent()) {
            if (c.get() < 1 || c.get() > MAX_CONCURRENCY) {
                problems.add("maxConcurrency must be between 1 and " + MAX_CONCURRENCY);
            } else {
                concurrency = c.get().intValue();
            }
        }
        Optional<String> namespace = config.get("namespace").map(VaultPaths::trimSlashes).filter(s -> !s.isEmpty());
        if (!problems.isEmpty()) throw config.invalid(problems);

        VaultAuth auth;
        if (token) {
            auth = new StaticTokenAuth(config.require("token").strip());
        } else if (appRole) {
            auth = new AppRoleAuth(config.require("roleId").strip(), config.require("secretId").strip(),
                    authMount.isEmpty() ? "approle" : authMount);
        } else {
            auth = new KubernetesAuth(config.require("kubernetesRole").strip(), jwt, authMount.isEmpty() ? "kubernetes" : authMount);
        }
        return new VaultSettings(url, namespace, auth, concurrency);
    }

    URI url() { return url; }

    Optional<String> namespace() { return namespace; }

    VaultAuth auth() { return auth; }

    int concurrency() { return concurrency; }

    @Override
    public String toString() {
        return "VaultSettings[" + url + namespace.map(n -> ", namespace=" + n).orElse("") + ", " + auth + ", concurrency=" + concurrency + "]";
    }
}
