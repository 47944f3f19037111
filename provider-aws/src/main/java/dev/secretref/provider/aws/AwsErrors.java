package dev.secretref.provider.aws;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import dev.secretref.provider.support.ErrorRule;
import dev.secretref.provider.support.TlsFailures;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns AWS SDK failures into {@link SecretManagerException}s. Messages name the secret, the AWS error
 * code and what to check; they never quote the service's own message (signature errors echo request
 * details) and never hold a value or a credential. Service exceptions are not attached as causes for
 * the same reason; transport failures are.
 */
final class AwsErrors {
    private static final Set<String> AUTH_CODES = Set.of(
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
            "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "InvalidAccessKeyId", "InvalidToken", "RequestExpired", "AuthFailure");
    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDeniedException", "AccessDenied", "NotAuthorized");
    private static final Set<String> KMS_CODES = Set.of("DecryptionFailure", "KMSAccessDeniedException",
            "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException");

    private final AwsSettings settings;

    AwsErrors(AwsSettings settings) {
        this.settings = settings;
    }

    /** A failed read of {@code target} for {@code path}. */
    SecretManagerException forSecret(SdkException e, SecretPath.Target target, String path, String iamAction) {
        return forSecret(e, target.describe(), target.secretId(), path, iamAction);
    }

    private SecretManagerException forSecret(SdkException e, String what, String secretId, String path, String iamAction) {
        StsException sts = find(e, StsException.class);
        if (sts != null) return assumeRoleFailed(sts).path(path).build();
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            String code = d == null || d.errorCode() == null ? "" : d.errorCode();
            return forErrorCode(code, ase.statusCode(), ase.requestId(), ase.isThrottlingException(), what, secretId, path, iamAction);
        }
        return transport(e,
                "Reading secret " + what + " from AWS Secrets Manager (" + settings.endpointDescription() + ")").path(path).build();
    }

    /** A per-secret error code, from a failed call or from the {@code Errors} list of BatchGetSecretValue. */
    SecretManagerException forErrorCode(String code, int status, String requestId, boolean throttling,
                                        String what, String secretId, String path, String iamAction) {
        String detail = detail(code, status, requestId);
        SecretManagerException.Builder b;
        if (code.equals("ResourceNotFoundException")) {
            b = failed(Reason.NOT_FOUND, "AWS Secrets Manager has no secret " + what + " in region " + settings.region + detail
                    + "; check the secret name or ARN, the version suffix, and the manager's region" + arnRegionHint(secretId));
        } else if (code.equals("InvalidRequestException")) {
            b = failed(Reason.NOT_FOUND, "AWS Secrets Manager cannot return secret " + what + detail
                    + "; the secret may be scheduled for deletion or disabled: check it in region " + settings.region);
        } else if (ACCESS_DENIED_CODES.contains(code)) {
            b = failed(Reason.ACCESS_DENIED, "Access to secret " + what + " was denied" + detail
                    + "; check that the caller's IAM policy and the secret's resource policy allow " + iamAction
                    + " on it (" + settings.authDescription() + ")");
        } else if (KMS_CODES.contains(code) || code.startsWith("KMS")) {
            b = failed(Reason.ACCESS_DENIED, "AWS Secrets Manager could not decrypt secret " + what + detail
                    + "; check that the caller may use kms:Decrypt on the secret's KMS key and that the key is enabled");
        } else if (AUTH_CODES.contains(code)) {
            b = authentication("AWS rejected the credentials while reading secret " + what + detail);
        } else if (throttling || status == 429) {
            b = failed(Reason.THROTTLED, "AWS Secrets Manager throttled the read of secret " + what + detail + " after "
                    + settings.maxAttempts + " attempt(s); lower the request rate (the cache helps) or raise maxAttempts");
        } else if (status >= 500) {
            b = failed(Reason.UNREACHABLE, "AWS Secrets Manager failed while reading secret " + what + detail
                    + " after " + settings.maxAttempts + " attempt(s); try again later");
        } else if (code.equals("InvalidParameterException")) {
            b = failed(Reason.PROVIDER_ERROR, "AWS Secrets Manager rejected the request for secret " + what + detail
                    + "; check the secret name or ARN and the version suffix");
        } else {
            b = failed(Reason.PROVIDER_ERROR, "AWS Secrets Manager could not return secret " + what + detail);
        }
        return b.path(path).build();
    }

    /** A failure of a call not tied to one secret (ListSecrets). */
    SecretManagerException forListing(SdkException e) {
        StsException sts = find(e, StsException.class);
        if (sts != null) return assumeRoleFailed(sts).build();
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            String code = d == null || d.errorCode() == null ? "" : d.errorCode();
            String detail = detail(code, ase.statusCode(), ase.requestId());
            if (ACCESS_DENIED_CODES.contains(code)) {
                return failed(Reason.ACCESS_DENIED, "Listing secrets was denied" + detail
                        + "; listing needs secretsmanager:ListSecrets in the caller's IAM policy (reading secrets does not)").build();
            }
            if (AUTH_CODES.contains(code)) return authentication("AWS rejected the credentials while listing secrets" + detail).build();
            if (ase.isThrottlingException() || ase.statusCode() == 429) {
                return failed(Reason.THROTTLED, "AWS Secrets Manager throttled ListSecrets" + detail + "; try again later").build();
            }
            Reason r = ase.statusCode() >= 500 ? Reason.UNREACHABLE : Reason.PROVIDER_ERROR;
            return failed(r, "ListSecrets failed" + detail).build();
        }
        return transport(e,
                "Listing secrets at AWS Secrets Manager (" + settings.endpointDescription() + ")").build();
    }

    /** A failed connection check (STS GetCallerIdentity). */
    SecretManagerException forConnectionCheck(SdkException e) {
        String where = settings.stsEndpoint.map(u -> "STS at " + u).orElse("STS in region " + settings.region);
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            String code = d == null || d.errorCode() == null ? "" : d.errorCode();
            if (code.equals(StsReplyCheck.CODE)) return notSts(ase, "The connection check (GetCallerIdentity at " + where + ")").build();
            String detail = detail(code, ase.statusCode(), ase.requestId());
            if (settings.roleArn.isPresent() && ACCESS_DENIED_CODES.contains(code)) return assumeRoleFailed(ase).build();
            if (AUTH_CODES.contains(code) || ACCESS_DENIED_CODES.contains(code)) {
                return authentication("AWS rejected the credentials of manager '" + settings.manager + "' (checked with "
                        + where + ", GetCallerIdentity)" + detail).build();
            }
            Reason r = ase.isThrottlingException() ? Reason.THROTTLED : ase.statusCode() >= 500 ? Reason.UNREACHABLE : Reason.PROVIDER_ERROR;
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, r)
                    .message("The connection check (GetCallerIdentity at " + where + ") failed" + detail).build();
        }
        return transport(e,
                "The connection check (GetCallerIdentity at " + where + ")").build();
    }

    private SecretManagerException.Builder notSts(AwsServiceException ase, String what) {
        String status = ase.awsErrorDetails() == null || ase.awsErrorDetails().sdkHttpResponse() == null ? "?"
                : ase.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(StsReplyCheck.ORIGINAL_STATUS).orElse("?");
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.PROVIDER_ERROR)
                .message(what + " got an answer that is not an STS reply (HTTP " + status + ", no STS XML body); check that "
                        + (settings.stsEndpoint.isPresent() ? "stsEndpoint points at STS" : "the region is right") + " and that no proxy answers in its place");
    }

    private SecretManagerException.Builder assumeRoleFailed(AwsServiceException ase) {
        AwsErrorDetails d = ase.awsErrorDetails();
        String code = d == null || d.errorCode() == null ? "" : d.errorCode();
        if (code.equals(StsReplyCheck.CODE)) return notSts(ase, "Assuming role " + settings.roleArn.orElse("?"));
        String detail = detail(code, ase.statusCode(), ase.requestId());
        if (ACCESS_DENIED_CODES.contains(code)) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("Manager '" + settings.manager + "' could not assume role " + settings.roleArn.orElse("?") + detail
                            + "; check that the role's trust policy lets the caller call sts:AssumeRole"
                            + (settings.externalId.isPresent() ? " with this externalId" : "")
                            + " and that the caller's policy allows sts:AssumeRole on the role");
        }
        if (AUTH_CODES.contains(code)) {
            return authentication("AWS STS rejected the credentials used to assume role " + settings.roleArn.orElse("?") + detail);
        }
        Reason r = ase.isThrottlingException() ? Reason.THROTTLED : ase.statusCode() >= 500 ? Reason.UNREACHABLE : Reason.AUTHENTICATION_FAILED;
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, r)
                .message("Manager '" + settings.manager + "' could not assume role " + settings.roleArn.orElse("?") + " through STS" + detail);
    }

    private SecretManagerException.Builder authentication(String what) {
        String check = settings.hasStaticKeys()
                ? "check accessKeyId, secretAccessKey" + (settings.sessionToken.isPresent() ? " and sessionToken (it may have expired)" : "")
                        + " and that the key is active"
                : "check the credentials the SDK default credential chain finds (environment, profile, container or instance role)";
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                .message(what + "; " + check + ", and that the region (" + settings.region + ") is enabled for the account");
    }

    /** The store was not reached or not understood: always {@code SECRET_MANAGER_CONNECTION_FAILED} (DESIGN §4). */
    private SecretManagerException.Builder transport(SdkException e, String what) {
        ErrorCode code = ErrorCode.SECRET_MANAGER_CONNECTION_FAILED;
        if (isTimeout(e)) {
            return SecretManagerException.builder(code, Reason.TIMEOUT)
                    .message(what + " timed out (apiCallAttemptTimeout " + settings.apiCallAttemptTimeout + ", apiCallTimeout "
                            + settings.apiCallTimeout + ", readTimeout " + settings.readTimeout + ", " + settings.maxAttempts
                            + " attempt(s)); check that the endpoint is reachable from here and responsive")
                    .cause(e);
        }
        if (has(e, SSLException.class)) {
            return SecretManagerException.builder(code, Reason.UNREACHABLE)
                    .message(what + " failed the TLS handshake: " + TlsFailures.explain(e, settings.caCertificate.isPresent()))
                    .cause(e);
        }
        if (isMissingCredentials(e)) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message(what + " failed: no AWS credentials were found; set accessKeyId and secretAccessKey, or provide "
                            + "credentials to the SDK default credential chain (environment, profile, container or instance role)")
                    .cause(e);
        }
        String detail = has(e, UnknownHostException.class) ? "unknown host"
                : has(e, ConnectException.class) || has(e, NoRouteToHostException.class) ? "connection refused or unreachable"
                : has(e, IOException.class) ? "I/O error" : e.getClass().getSimpleName();
        return SecretManagerException.builder(code, Reason.UNREACHABLE)
                .message(what + " failed after " + settings.maxAttempts + " attempt(s): " + detail
                        + "; check the region, the endpoint and that it is reachable from here")
                .cause(e);
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || has(e, SocketTimeoutException.class) || has(e, java.net.http.HttpTimeoutException.class)
                || (has(e, InterruptedIOException.class) && !has(e, SSLException.class));
    }

    private static boolean isMissingCredentials(Throwable e) {
        String m = e.getMessage();
        return m != null && m.contains("Unable to load credentials");
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        int depth = 0;
        for (Throwable c = e; c != null && depth < 20; c = c.getCause(), depth++) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }

    /** The code follows the one rule: 5xx after retries ({@code UNREACHABLE}) is a connection failure. */
    private static SecretManagerException.Builder failed(Reason reason, String message) {
        return ErrorRule.failure(reason).message(message);
    }

    private static String detail(String code, int status, String requestId) {
        StringBuilder sb = new StringBuilder(" (");
        sb.append(code.isEmpty() ? "error" : code);
        if (status > 0) sb.append(", HTTP ").append(status);
        if (requestId != null && !requestId.isBlank()) sb.append(", request id ").append(requestId);
        return sb.append(')').toString();
    }

    private String arnRegionHint(String secretId) {
        if (!secretId.startsWith("arn:")) return "";
        String[] f = secretId.split(":", 5);
        if (f.length > 3 && !f[3].equals(settings.region)) {
            return " (the ARN names region " + f[3] + " but the manager uses " + settings.region
                    + ": use a manager configured for that region)";
        }
        return "";
    }
}
