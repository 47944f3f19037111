package dev.secretref.provider.gcp;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.Optional;

/**
 * Turns Google error answers into {@link SecretManagerException}s that say what to check, by canonical status:
 * {@code NOT_FOUND}; {@code FAILED_PRECONDITION} (a disabled or destroyed version) → {@code NOT_FOUND};
 * {@code PERMISSION_DENIED} → {@code ACCESS_DENIED} naming the role to grant; {@code UNAUTHENTICATED} →
 * {@code AUTHENTICATION_FAILED}; {@code RESOURCE_EXHAUSTED} (after retries) → {@code THROTTLED};
 * {@code UNAVAILABLE}/5xx (after retries) → {@code UNREACHABLE}. Store-side failures of reads are
 * {@code SECRET_MANAGER_GET_SECRET_FAILED}, of writes {@code SECRET_MANAGER_WRITE_FAILED}; an unreachable store
 * or rejected credentials are {@code SECRET_MANAGER_CONNECTION_FAILED} for every operation.
 */
final class GoogleErrors {
    static final String ACCESSOR_ROLE = "Secret Manager Secret Accessor (roles/secretmanager.secretAccessor)";
    static final String VIEWER_ROLE = "Secret Manager Viewer (roles/secretmanager.viewer)";
    static final String ADDER_ROLE = "Secret Manager Secret Version Adder (roles/secretmanager.secretVersionAdder)";
    static final String ADMIN_ROLE = "Secret Manager Admin (roles/secretmanager.admin)";

    /** What was being done, for messages and the role to name. */
    enum Op {
        READ(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, ACCESSOR_ROLE),
        LIST(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, VIEWER_ROLE),
        ADD_VERSION(ErrorCode.SECRET_MANAGER_WRITE_FAILED, ADDER_ROLE),
        CREATE(ErrorCode.SECRET_MANAGER_WRITE_FAILED, ADMIN_ROLE + " (it holds secretmanager.secrets.create)"),
        DELETE(ErrorCode.SECRET_MANAGER_WRITE_FAILED, ADMIN_ROLE + " (it holds secretmanager.secrets.delete)");

        final ErrorCode code;
        final String role;

        Op(ErrorCode code, String role) {
            this.code = code;
            this.role = role;
        }
    }

    private final Optional<String> principal;

    /** {@code principal}: the service account's email, named in permission errors when known. */
    GoogleErrors(Optional<String> principal) {
        this.principal = principal;
    }

    /** The error for a non-2xx answer to {@code op} about {@code what} (e.g. "reading secret 'db' (version latest) ..."). */
    SecretManagerException map(Op op, GoogleError e, String what) {
        String on = " " + what + " (" + e.label() + ")";
        return switch (e.status()) {
            case "NOT_FOUND" -> of(op.code, Reason.NOT_FOUND, "Google Secret Manager found nothing when" + on
                    + "; check the secret name, the version, projectId and location" + e.said());
            case "FAILED_PRECONDITION" -> op == Op.READ
                    ? of(op.code, Reason.NOT_FOUND, "The secret version is " + e.versionState() + " when" + on
                            + ": enable it in Secret Manager, or reference an enabled one with ?version=N (latest is the newest "
                            + "version, whatever its state)")
                    : of(op.code, Reason.PROVIDER_ERROR, "Google Secret Manager refused" + on + e.said());
            case "PERMISSION_DENIED" -> e.serviceDisabled()
                    ? of(op.code, Reason.ACCESS_DENIED, "The Secret Manager API is disabled in the project when" + on
                            + ": enable secretmanager.googleapis.com in the project (gcloud services enable secretmanager.googleapis.com)")
                    : of(op.code, Reason.ACCESS_DENIED, "Permission denied" + on + ": grant " + op.role
                            + principal.map(p -> " to " + p).orElse(" to the credentials' principal")
                            + " on the secret or the project" + e.said());
            case "UNAUTHENTICATED" -> of(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED,
                    "Google Secret Manager rejected a freshly obtained access token when" + on
                            + "; check that the credentials are valid for this project and endpoint");
            case "RESOURCE_EXHAUSTED" -> of(op.code, Reason.THROTTLED, "Google Secret Manager rate-limited" + on
                    + " and retries did not get through; retry later, cache longer, or raise the project's Secret Manager quota");
            case "DEADLINE_EXCEEDED" -> of(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.TIMEOUT,
                    "Google Secret Manager timed out" + on + " after retries; retry later");
            case "UNAVAILABLE", "INTERNAL", "UNKNOWN" -> of(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE,
                    "Google Secret Manager failed" + on + " after retries; check https://status.cloud.google.com and the endpoint");
            case "ALREADY_EXISTS", "ABORTED" -> of(op.code, Reason.CONFLICT, "A concurrent change conflicted when" + on
                    + "; retry" + e.said());
            case "INVALID_ARGUMENT", "OUT_OF_RANGE" -> of(op.code, Reason.INVALID_REFERENCE,
                    "Google Secret Manager rejected the request as invalid when" + on + e.said());
            default -> e.httpStatus() >= 500
                    ? of(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE,
                            "Google Secret Manager failed" + on + " after retries; retry later")
                    : of(op.code, Reason.PROVIDER_ERROR, "Google Secret Manager answered" + on
                            + " unexpectedly; check that endpoint points at the Secret Manager API" + e.said());
        };
    }

    private static SecretManagerException of(ErrorCode code, Reason reason, String message) {
        return SecretManagerException.builder(code, reason).message(message).build();
    }
}
