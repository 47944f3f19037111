package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kubernetes: {@code POST /v1/auth/<authMount>/login} with {@code role} and the pod's service-account JWT,
 * read from {@code jwtPath} at each login (the kubelet rotates that file).
 */
final class KubernetesAuth implements VaultAuth {
    static final String DEFAULT_JWT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private final String role;
    private final Path jwtPath;
    private final String mount;

    KubernetesAuth(String role, Path jwtPath, String mount) {
        this.role = role;
        this.jwtPath = jwtPath;
        this.mount = mount;
    }

    @Override
    public boolean canLogin() { return true; }

    @Override
    public VaultToken login(VaultHttp http, long nowNanos) {
        String jwt;
        try {
            jwt = Files.readString(jwtPath, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw VaultErrors.jwtUnreadable(describe(), jwtPath, e);
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("role", role).put("jwt", jwt);
        return LoginCall.login(http, mount, body, describe(), nowNanos);
    }

    @Override
    public String describe() { return "Kubernetes login (role " + role + ") at auth/" + mount + "/login"; }

    @Override
    public String toString() { return "KubernetesAuth[mount=" + mount + ", role=" + role + ", jwtPath=" + jwtPath + "]"; }
}
