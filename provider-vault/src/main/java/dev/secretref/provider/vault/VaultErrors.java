package dev.secretref.provider.vault;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ErrorRule;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Maps Vault's answers to {@link SecretManagerException}s that say what failed and what to check. Messages
 * carry Vault paths, statuses and Vault's own (credential-scrubbed) error texts; never a token, a secret id,
 * a JWT or a value.
 */
final class VaultErrors {
    private VaultErrors() { }

    private static String vaultSaid(VaultResponse r) {
        String t = r.errorText();
        return t.isEmpty() ? "" : ": " + t;
    }

    private static String stripQuery(String apiPath) {
        int q = apiPath.indexOf('?');
        return q < 0 ? apiPath : apiPath.substring(0, q);
    }

    /** A failed read or list of {@code apiPath}, needing {@code capability} ({@code read} or {@code list}). */
    static SecretManagerException request(VaultResponse r, String method, String apiPath, String capability, String path) {
        String where = method + " /v1/" + apiPath;
        int s = r.status();
        Reason reason;
        String message;
        if (s == 403) {
            reason = Reason.ACCESS_DENIED;
            message = "Vault denied " + where + " (HTTP 403" + vaultSaid(r) + "). The token's policy needs: path \""
                    + stripQuery(apiPath) + "\" { capabilities = [\"" + capability + "\"] } (in the right namespace, if any)";
        } else if (s == 404) {
            reason = Reason.NOT_FOUND;
            message = "No secret at " + where + " (HTTP 404). Check the mount and path"
                    + " (KV v2 secrets are read at mount/data/path, KV v1 at mount/path) and the namespace";
        } else if (s == 429) {
            reason = Reason.THROTTLED;
            message = "Vault rate-limited " + where + " (HTTP 429" + vaultSaid(r) + ") and retries did not get through; retry later or raise the rate-limit quota";
        } else if (s == 503 && r.sealed()) {
            reason = Reason.UNREACHABLE;
            message = "Vault is sealed: " + where + " answered HTTP 503. Unseal Vault (or point url at an unsealed node)";
        } else if (s >= 500) {
            reason = Reason.UNREACHABLE;
            message = "Vault could not serve " + where + " (HTTP " + s + vaultSaid(r) + "); check Vault's health and logs";
        } else {
            reason = Reason.PROVIDER_ERROR;
            message = "Vault answered HTTP " + s + " to " + where + vaultSaid(r);
        }
        return ErrorRule.failure(reason).path(path).message(message).build();   // sealed / 5xx: not reachable (DESIGN §4)
    }

    static SecretManagerException deleted(String path, String apiPath, String deletionTime, boolean destroyed, long version) {
        String which = version > 0 ? "Version " + version + " of the secret at " : "The secret at ";
        String what = destroyed ? "was destroyed (permanently)" : "was deleted" + (deletionTime.isEmpty() ? "" : " at " + deletionTime)
                + " (soft delete: `vault kv undelete` restores it)";
        return SecretManagerException.notFound(path, which + "/v1/" + stripQuery(apiPath) + " " + what
                + "; reference another version with ?version=N");
    }

    static SecretManagerException noKey(String path, KvPath p, Iterable<String> keys) {
        StringBuilder names = new StringBuilder();
        int n = 0;
        for (String k : keys) {
            if (n++ == 20) {
                names.append(", …");
                break;
            }
            if (names.length() > 0) names.append(", ");
            names.append(k);
        }
        return SecretManagerException.notFound(path, "The secret " + p.secretPath() + " has no key '" + p.key() + "'"
                + (n == 0 ? " (it has no keys)" : " (its keys: " + names + ")"));
    }

    static SecretManagerException malformed(String path, String what) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR).path(path)
                .message("Unexpected answer from Vault: " + what).build();
    }

    // ---- login and token ----

    static SecretManagerException loginTransport(String what, String address, SecretManagerException e) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                .message(what + " failed: " + e.getMessage()).cause(e).build();
    }

    static SecretManagerException loginRejected(String what, String path, VaultResponse r) {
        int s = r.status();
        Reason reason;
        String message;
        if (s == 503 && r.sealed()) {
            reason = Reason.UNREACHABLE;
            message = "Vault is sealed: " + what + " answered HTTP 503. Unseal Vault (or point url at an unsealed node)";
        } else if (s == 429) {
            reason = Reason.THROTTLED;
            message = what + " was rate-limited (HTTP 429" + vaultSaid(r) + ")";
        } else if (s >= 500) {
            reason = Reason.UNREACHABLE;
            message = what + " failed on Vault's side (HTTP " + s + vaultSaid(r) + ")";
        } else {
            reason = Reason.AUTHENTICATION_FAILED;
            message = "Vault rejected the " + what + " (HTTP " + s + vaultSaid(r) + "). Check the credentials, the role, "
                    + "authMount, and namespace; POST /v1/" + path + " must be allowed for this role";
        }
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, reason).message(message).build();
    }

    static SecretManagerException loginMalformed(String what, String path) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(what + ": POST /v1/" + path + " answered without auth.client_token").build();
    }

    static SecretManagerException jwtUnreadable(String what, Path jwtPath, Exception e) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(what + ": cannot read the service-account token file " + jwtPath + " (" + e.getClass().getSimpleName()
                        + "); set jwtPath or mount the token into the pod").build();
    }

    static SecretManagerException tokenRejected(VaultAuth auth, String method, String apiPath) {
        String message = auth.canLogin()
                ? "Vault rejected a freshly issued token from the " + auth.describe() + " on " + method + " /v1/" + stripQuery(apiPath)
                        + " (HTTP 403 invalid token); check the role's token settings and the namespace"
                : "Vault rejected the configured token on " + method + " /v1/" + stripQuery(apiPath)
                        + " (HTTP 403 invalid token): it is expired, revoked or wrong. Configure a valid token, or use AppRole/Kubernetes auth so the provider can log in again";
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED).message(message).build();
    }

    // ---- connection check ----

    /** The server answered lookup-self with 200 but not with a token's description. */
    static SecretManagerException notVault(String address) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.PROVIDER_ERROR)
                .message("The server at " + address + " answered GET /v1/auth/token/lookup-self with HTTP 200 but not with a Vault "
                        + "token description (data.policies, data.ttl); check that url points at Vault (without /v1) and not at a proxy or another service")
                .build();
    }

    /** Re-labels {@code e} as a failed step of the connection check: network, TLS, login or permission. */
    static SecretManagerException connectionStep(SecretManagerException e) {
        String step;
        if (hasCause(e, SSLException.class)) {
            step = "TLS";
        } else {
            step = switch (e.reason()) {
                case AUTHENTICATION_FAILED -> "login";
                case ACCESS_DENIED -> "permission";
                case UNREACHABLE, TIMEOUT, THROTTLED -> "network";
                default -> "Vault API";
            };
        }
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                .message("Vault connection check failed at the " + step + " step: " + e.getMessage()).cause(e).build();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
