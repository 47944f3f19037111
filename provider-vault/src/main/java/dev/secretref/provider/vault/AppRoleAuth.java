package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** AppRole: {@code POST /v1/auth/<authMount>/login} with {@code role_id} and {@code secret_id}. */
final class AppRoleAuth implements VaultAuth {
    private final String roleId;
    private final String secretId;
    private final String mount;

    AppRoleAuth(String roleId, String secretId, String mount) {
        this.roleId = roleId;
        this.secretId = secretId;
        this.mount = mount;
    }

    @Override
    public boolean canLogin() { return true; }

    @Override
    public VaultToken login(VaultHttp http, long nowNanos) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("role_id", roleId).put("secret_id", secretId);
        return LoginCall.login(http, mount, body, describe(), nowNanos);
    }

    @Override
    public String describe() { return "AppRole login at auth/" + mount + "/login"; }

    @Override
    public String toString() { return "AppRoleAuth[mount=" + mount + ", roleId=██, secretId=██]"; }
}
