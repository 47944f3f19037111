package dev.secretref.provider.aws;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns failures of {@code CreateSecret}, {@code PutSecretValue} and {@code DeleteSecret} into
 * {@link SecretManagerException}s: the store refused the write → {@code SECRET_MANAGER_WRITE_FAILED}; the store
 * could not be reached or rejected the credentials → {@code SECRET_MANAGER_CONNECTION_FAILED}. Messages name the
 * secret, the AWS error code and the IAM action to check; they never quote the service's message (it can echo
 * request details) and never hold a value.
 */
final class AwsWriteErrors {
    private static final Set<String> AUTH_CODES = Set.of(
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
            "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "InvalidAccessKeyId", "InvalidToken", "RequestExpired", "AuthFailure");
    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDeniedException", "AccessDenied", "NotAuthorized");

    private final AwsSettings settings;

    AwsWriteErrors(AwsSettings settings) {
        this.settings = settings;
    }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            return d == null || d.errorCode() == null ? "" : d.errorCode();
        }
        return "";
    }

    /** A failed {@code operation} ({@code CreateSecret}, ...) on {@code secretName}, needing {@code iamActions}. */
    SecretManagerException forWrite(SdkException e, String operation, String secretName, String iamActions) {
        String what = operation + " of secret '" + secretName + "'";
        StsException sts = find(e, StsException.class);
        if (sts != null) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message(what + " failed: manager '" + settings.manager + "' could not assume role "
                            + settings.roleArn.orElse("?") + detail(sts) + "; check the role's trust policy and sts:AssumeRole")
                    .build();
        }
        if (e instanceof AwsServiceException ase) {
            String code = code(e);
            String detail = detail(ase);
            if (ACCESS_DENIED_CODES.contains(code)) {
                return failed(Reason.ACCESS_DENIED, what + " was denied" + detail + "; the caller's IAM policy and the secret's "
                        + "resource policy must allow " + iamActions + " on secrets named " + secretName + " ("
                        + settings.authDescription() + ")");
            }
            if (code.equals("EncryptionFailure") || code.startsWith("KMS")) {
                return failed(Reason.ACCESS_DENIED, what + " could not encrypt the value" + detail
                        + "; check that the caller may use kms:GenerateDataKey and kms:Decrypt on the KMS key (kmsKeyId) and "
                        + "that the key is enabled");
            }
            if (AUTH_CODES.contains(code)) {
                return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                        .message("AWS rejected the credentials of manager '" + settings.manager + "' during " + what + detail
                                + "; check the access keys or the default credential chain, and the region (" + settings.region + ")")
                        .build();
            }
            if (ase.isThrottlingException() || ase.statusCode() == 429) {
                return failed(Reason.THROTTLED, what + " was throttled" + detail + " after " + settings.maxAttempts
                        + " attempt(s); write less often or raise maxAttempts");
            }
            if (ase.statusCode() >= 500) {
                return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                        .message(what + " failed at AWS" + detail + " after " + settings.maxAttempts
                                + " attempt(s); try again later (writing again is safe)")
                        .build();
            }
            if (code.equals("LimitExceededException")) {
                return failed(Reason.PROVIDER_ERROR, what + " hit a Secrets Manager quota" + detail
                        + " (number of secrets or versions); delete unused secrets or ask AWS for a higher quota");
            }
            if (code.equals("InvalidParameterException") || code.equals("ValidationException")) {
                return failed(Reason.PROVIDER_ERROR, what + " was rejected as invalid" + detail
                        + "; check writePrefix, kmsKeyId, writeTags and that the JSON of all fields is at most "
                        + AwsWriteSettings.MAX_SECRET_STRING_BYTES + " bytes");
            }
            return failed(Reason.PROVIDER_ERROR, what + " failed" + detail);
        }
        if (isTimeout(e)) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.TIMEOUT)
                    .message(what + " timed out (apiCallTimeout " + settings.apiCallTimeout + ", apiCallAttemptTimeout "
                            + settings.apiCallAttemptTimeout + "); it may or may not have been applied, and writing again is "
                            + "safe; check that " + settings.endpointDescription() + " is reachable")
                    .cause(e).build();
        }
        if (find(e, SSLException.class) != null) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message(what + " failed the TLS handshake; set caCertificate to the PEM of the CA that signed the "
                            + "endpoint's certificate").cause(e).build();
        }
        String m = e.getMessage();
        if (m != null && m.contains("Unable to load credentials")) {
            return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message(what + " failed: no AWS credentials were found; set accessKeyId and secretAccessKey or provide "
                            + "credentials to the SDK default credential chain").cause(e).build();
        }
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                .message(what + " could not reach " + settings.endpointDescription() + " ("
                        + (find(e, IOException.class) != null ? "I/O error" : e.getClass().getSimpleName()) + ") after "
                        + settings.maxAttempts + " attempt(s); check the region, the endpoint and the network")
                .cause(e).build();
    }

    static SecretManagerException failed(Reason reason, String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, reason).message(message).build();
    }

    private static String detail(AwsServiceException ase) {
        StringBuilder sb = new StringBuilder(" (");
        String code = code(ase);
        sb.append(code.isEmpty() ? "error" : code);
        if (ase.statusCode() > 0) sb.append(", HTTP ").append(ase.statusCode());
        if (ase.requestId() != null && !ase.requestId().isBlank()) sb.append(", request id ").append(ase.requestId());
        return sb.append(')').toString();
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || find(e, SocketTimeoutException.class) != null || find(e, java.net.http.HttpTimeoutException.class) != null
                || (find(e, InterruptedIOException.class) != null && find(e, SSLException.class) == null);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        int depth = 0;
        for (Throwable c = e; c != null && depth < 20; c = c.getCause(), depth++) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }
}
