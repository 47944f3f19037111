package dev.secretref.provider.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.CredentialUnavailableException;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns Azure SDK failures into {@link SecretManagerException}s. Messages name the secret, the Key Vault or Entra
 * ID error code and what to check (the RBAC role or access-policy permission that is missing); they never quote
 * the service's own text and never hold a value, a token or a credential. SDK exceptions are not attached as
 * causes (their messages carry response bodies); transport failures are.
 */
final class AzureErrors {
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d{5,7})");
    private static final String CHALLENGE_MISMATCH = "The challenge resource";

    /** What the caller was doing, with the role and access-policy permission it needs. */
    enum Operation {
        READ("reading", "Key Vault Secrets User", "Get"),
        LIST("listing secrets", "Key Vault Secrets User (or Key Vault Reader)", "List"),
        WRITE("writing", "Key Vault Secrets Officer", "Set"),
        DELETE("deleting", "Key Vault Secrets Officer", "Delete"),
        PURGE("purging", "Key Vault Secrets Officer", "Purge"),
        CHECK("checking the connection", "Key Vault Secrets User", "Get");

        final String verb;
        final String role;
        final String permission;

        Operation(String verb, String role, String permission) {
            this.verb = verb;
            this.role = role;
            this.permission = permission;
        }

        ErrorCode failureCode() {
            return this == WRITE || this == DELETE || this == PURGE ? ErrorCode.SECRET_MANAGER_WRITE_FAILED
                    : ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED;
        }
    }

    private final AzureSettings settings;

    AzureErrors(AzureSettings settings) {
        this.settings = settings;
    }

    /**
     * The error for a failed call. {@code what} names the secret (or is empty for the vault as a whole);
     * {@code path} goes into the exception.
     */
    SecretManagerException map(RuntimeException e, Operation op, String what, String path) {
        String subject = what.isEmpty() ? "" : " " + what;
        String context = capitalize(op.verb) + subject + " in Azure Key Vault " + settings.vaultHost();

        Throwable transport = transportCause(e);
        if (transport != null) return transport(transport, context).path(path).build();

        String entra = entraRejection(e);
        if (entra != null) return authentication(context + " failed: " + entra).path(path).build();

        if (e.getMessage() != null && e.getMessage().startsWith(CHALLENGE_MISMATCH)) {
            return SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                    .message(context + " failed: the vault asked for a token of a resource that does not match its host "
                            + settings.vaultHost() + "; check vaultUrl, or set disableChallengeResourceVerification=true for a "
                            + "private endpoint or a local emulator you trust")
                    .path(path).build();
        }

        HttpResponseException http = find(e, HttpResponseException.class);
        if (http != null && http.getResponse() != null) return forStatus(KeyVaultError.of(http), op, context, path);

        return SecretManagerException.builder(op.failureCode(), Reason.PROVIDER_ERROR)
                .message(context + " failed: " + e.getClass().getSimpleName())
                .path(path).build();
    }

    private SecretManagerException forStatus(KeyVaultError err, Operation op, String context, String path) {
        String detail = " (" + err.describe() + ")";
        int status = err.status();
        SecretManagerException.Builder b;
        if (status == 401) {
            b = authentication(context + " failed: Key Vault rejected the access token" + detail + " even after a new one "
                    + "was fetched; check that the identity belongs to the vault's tenant (tenantId) and that vaultUrl is right");
        } else if (status == 403 && err.is("SecretDisabled")) {
            b = failed(op, Reason.NOT_FOUND, context + " failed: the secret is disabled" + detail
                    + "; enable it (or its version) in the vault to read it");
        } else if (status == 403) {
            b = failed(op, Reason.ACCESS_DENIED, context + " was denied" + detail + "; " + permissionHint(err, op));
        } else if (status == 404) {
            b = failed(op, Reason.NOT_FOUND, context + " failed: not found" + detail);
        } else if (status == 409) {
            b = failed(op, Reason.CONFLICT, context + " failed: conflict" + detail + "; a secret of that name is deleted but "
                    + "recoverable: recover it, or purge it (purgeOnDelete=true purges on delete), before writing it again");
        } else if (status == 429) {
            b = failed(op, Reason.THROTTLED, context + " was throttled" + detail + " after " + settings.maxRetries
                    + " retries honouring Retry-After; lower the request rate (a longer cache TTL) or raise maxRetries");
        } else if (status >= 500) {
            b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message(context + " failed" + detail + " after " + settings.maxRetries + " retries; the service is "
                            + "unavailable, try again later");
        } else {
            b = failed(op, Reason.PROVIDER_ERROR, context + " failed" + detail);
        }
        return b.path(path).build();
    }

    private static String permissionHint(KeyVaultError err, Operation op) {
        if (err.is("ForbiddenByRbac")) {
            return "the vault uses Azure RBAC: assign the identity the " + op.role + " role on the vault (or the secret)";
        }
        if (err.is("AccessDenied")) {
            return "the vault uses access policies: give the identity the secret permission '" + op.permission + "'";
        }
        if (err.is("ForbiddenByPolicy")) {
            return "an Azure Policy or deny assignment forbids it; check the policies on the vault";
        }
        if (err.is("ForbiddenByFirewall")) {
            return "the vault's firewall does not admit this client's address; allow it or use a private endpoint";
        }
        return "assign the identity the " + op.role + " role (RBAC vaults) or the secret permission '" + op.permission
                + "' (access-policy vaults)";
    }

    private static SecretManagerException.Builder failed(Operation op, Reason reason, String message) {
        return SecretManagerException.builder(op.failureCode(), reason).message(message);
    }

    private SecretManagerException.Builder authentication(String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(message + " [" + settings.authDescription() + "]");
    }

    private static SecretManagerException.Builder transport(Throwable t, String context) {
        SecretManagerException.Builder b;
        if (t instanceof SSLException) {
            b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message(context + " failed the TLS handshake: the server's certificate is not trusted or invalid; set "
                            + "caCertificate to the PEM of the CA that signed it");
        } else if (isTimeout(t)) {
            b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.TIMEOUT)
                    .message(context + " timed out (connectTimeout/readTimeout); check that the vault and Entra ID are "
                            + "reachable from here");
        } else {
            String detail = t instanceof ConnectException || t instanceof NoRouteToHostException ? "connection refused or unreachable"
                    : t instanceof UnknownHostException ? "unknown host" : t.getClass().getSimpleName();
            b = SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message(context + " failed: " + detail + "; check vaultUrl (and authorityHost) and that they are "
                            + "reachable from here");
        }
        // the JDK's own exceptions carry host names and ports at most, never bodies or headers
        return b.cause(t);
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof HttpTimeoutException || t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t instanceof InterruptedIOException;
    }

    /** The first transport failure in the cause chain (not a service answer), or null. */
    private static Throwable transportCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof TimeoutException || c instanceof IOException) return c;
            if (c.getCause() == c) break;
        }
        return null;
    }

    /** What Entra ID (or the credential chain) said when it refused a token, without its text; null if it did not. */
    private static String entraRejection(RuntimeException e) {
        CredentialUnavailableException unavailable = find(e, CredentialUnavailableException.class);
        if (unavailable != null) {
            return "no credential is available to DefaultAzureCredential: set clientSecret or clientCertificate (with tenantId "
                    + "and clientId) or managedIdentityClientId, or run where a managed or workload identity, the AZURE_* "
                    + "environment variables or an Azure CLI login exist";
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            boolean identity = c instanceof ClientAuthenticationException cae && cae.getResponse() == null
                    || c.getClass().getName().startsWith("com.microsoft.aad.msal4j.");
            if (!identity) continue;
            StringBuilder texts = new StringBuilder();
            for (Throwable d = c; d != null && texts.length() < 100_000; d = d.getCause()) texts.append(d.getMessage()).append('\n');
            Matcher m = AADSTS.matcher(texts);
            String code = m.find() ? m.group(1) : null;
            return "Entra ID did not issue a token" + (code == null ? "" : " (AADSTS" + code + ")") + "; " + aadstsHint(code);
        }
        return null;
    }

    private static String aadstsHint(String code) {
        if (code == null) return "check tenantId, clientId and the credential, and authorityHost";
        return switch (code) {
            case "7000215" -> "the client secret is wrong: set clientSecret to the secret's Value (not its Secret ID)";
            case "7000222" -> "the client secret has expired: create a new one and update clientSecret";
            case "700016" -> "no application with this clientId exists in the tenant: check clientId and tenantId";
            case "90002", "900023", "90072" -> "the tenant was not found: check tenantId (a directory id or a verified domain)";
            case "700027", "700024", "700023" -> "the client certificate was rejected: check that clientCertificate is one "
                    + "uploaded to the application and not expired";
            default -> "see https://login.microsoftonline.com/error?code=" + code;
        };
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
            if (c.getCause() == c) break;
        }
        return null;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
