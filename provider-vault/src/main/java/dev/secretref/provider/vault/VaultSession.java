package dev.secretref.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Authenticated calls: each request carries the current token; when Vault answers 403 "invalid token"
 * (expired or revoked), the token is dropped, the provider logs in again once (shared by concurrent
 * callers) and the request is retried once. Vault before 1.17 answers an expired or revoked token with a bare
 * "permission denied", like a policy denial: with a login-capable auth method, a 403 whose token
 * {@code lookup-self} also rejects is treated the same way (one re-login, one retry).
 */
final class VaultSession {
    private final VaultHttp http;
    private final TokenManager tokens;

    VaultSession(VaultHttp http, TokenManager tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    TokenManager tokens() { return tokens; }

    String address() { return http.address(); }

    VaultResponse call(String method, String apiPath, JsonNode body) {
        VaultToken t = tokens.token();
        VaultResponse r = http.send(method, apiPath, t.value(), body);
        if (!r.invalidToken() && !(r.status() == 403 && tokens.auth().canLogin() && rejectedByLookupSelf(t))) return r;
        if (!tokens.auth().canLogin()) throw VaultErrors.tokenRejected(tokens.auth(), method, apiPath);
        tokens.invalidate(t);
        VaultToken fresh = tokens.token();
        r = http.send(method, apiPath, fresh.value(), body);
        if (r.invalidToken()) {
            tokens.invalidate(fresh);
            throw VaultErrors.tokenRejected(tokens.auth(), method, apiPath);
        }
        return r;
    }

    /** Whether Vault rejects {@code t} itself (pre-1.17 Vault: a bare 403 on {@code lookup-self}, which every live token may call). */
    private boolean rejectedByLookupSelf(VaultToken t) {
        return http.send("GET", "auth/token/lookup-self", t.value(), null).status() == 403;
    }

    @Override
    public String toString() { return "VaultSession[" + http + ", " + tokens.auth() + "]"; }
}
