package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.SecretManagerException;

/** {@code POST /v1/auth/<mount>/login} and reading the {@code auth} block of the answer. */
final class LoginCall {
    private LoginCall() { }

    static VaultToken login(VaultHttp http, String mount, ObjectNode body, String what, long nowNanos) {
        String path = "auth/" + VaultPaths.encode(mount) + "/login";
        VaultResponse r;
        try {
            r = http.send("POST", path, null, body);
        } catch (SecretManagerException e) {
            throw VaultErrors.loginTransport(what, http.address(), e);
        }
        if (!r.ok()) throw VaultErrors.loginRejected(what, path, r);
        VaultToken token = VaultToken.fromAuth(r.body().path("auth"), nowNanos);
        if (token == null) throw VaultErrors.loginMalformed(what, path);
        return token;
    }
}
