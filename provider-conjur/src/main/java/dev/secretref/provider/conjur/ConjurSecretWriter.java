package dev.secretref.provider.conjur;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes credentials into Conjur: each field is the variable {@code <writePrefix><name>/<field>}, given a new value
 * with {@code POST /secrets/{account}/variable/{id}} (the value is the raw request body; Conjur answers 201 and keeps
 * the last 20 versions). The variables must be declared in policy beforehand and the identity needs {@code update}
 * on them (and {@code execute} to read them back). Conjur has no multi-variable transaction: fields are written one
 * after another, so a failure can leave earlier fields updated (writing again is safe). Conjur removes variables only
 * through policy, so {@link #delete} is {@code VALIDATION / UNSUPPORTED}.
 */
final class ConjurSecretWriter implements SecretWriter {
    private final ConjurWriteSettings settings;
    private final ConjurUrls urls;
    private final ConjurApi api;

    ConjurSecretWriter(ConjurWriteSettings settings, ConjurUrls urls, ConjurApi api) {
        this.settings = settings;
        this.urls = urls;
        this.api = api;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        String prefix = settings.prefix.orElseThrow(() -> SecretManagerException.builder(ErrorCode.VALIDATION, Reason.INVALID_CONFIG)
                .message("This Conjur manager has no writePrefix, so it cannot write: set writePrefix to the variable id "
                        + "prefix (e.g. apps/secretref/) whose <prefix><name>/<field> variables are declared in policy").build());
        Map<String, String> paths = pathsOf(prefix + name, fields);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String id = paths.get(f.getKey());
            HttpResponse<byte[]> r;
            try {
                r = api.post(urls.variable(id), f.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (SecretManagerException e) {
                throw asWriteFailure(e, id);
            }
            if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 204) throw failure(r.statusCode(), id);
        }
        return paths;
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED)
                .message("Conjur removes variables only through policy: delete the <writePrefix>" + name + "/<field> variables "
                        + "with a policy update (!delete records, e.g. conjur policy update); secretref cannot delete them")
                .build();
    }

    private static Map<String, String> pathsOf(String base, Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A credential needs at least one field");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String k = f.getKey();
            if (k == null || k.isEmpty() || k.contains("/") || k.contains("?") || k.contains(",")
                    || k.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A field name must be non-empty, without "
                        + "'/', '?', ',' or spaces (it ends a Conjur variable id); '" + k + "' is not");
            }
            if (f.getValue() == null || f.getValue().isEmpty()) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "Field '" + k + "' is empty; Conjur cannot "
                        + "store an empty value");
            }
            paths.put(k, base + "/" + k);
        }
        return paths;
    }

    private static SecretManagerException asWriteFailure(SecretManagerException e, String id) {
        if (e.code() != ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED) return e.path() != null ? e : e.toBuilder().path(id).build();
        ErrorCode code = e.reason() == Reason.TIMEOUT || e.reason() == Reason.UNREACHABLE
                ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
        return SecretManagerException.builder(code, e.reason()).path(id)
                .message("Writing Conjur variable " + id + " failed: " + e.getMessage()).cause(e.getCause()).build();
    }

    private static SecretManagerException failure(int status, String id) {
        SecretManagerException.Builder b = switch (status) {
            case 401 -> ConjurErrors.tokenRejected().toBuilder();
            case 403 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                    .message("Conjur refused to set variable " + id + " (403): the identity lacks the 'update' privilege on it; "
                            + "grant it in policy (!permit with privileges [ update ], plus read and execute to read it back)");
            case 404 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.NOT_FOUND)
                    .message("Conjur variable " + id + " is not declared (404): Conjur creates variables only through policy; "
                            + "declare it (- !variable " + id + ", or the path under a policy branch) and permit the identity "
                            + "to update it, then write again");
            case 422 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("Conjur rejected the value for variable " + id + " as invalid (422)");
            case 429 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.THROTTLED)
                    .message("Conjur rate-limited setting variable " + id + " (429) and retries did not get through; retry later");
            default -> status >= 500
                    ? SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                            .message("Conjur failed setting variable " + id + " with HTTP " + status + " after retries; check the "
                                    + "Conjur server's health and logs")
                    : SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                            .message("Conjur answered setting variable " + id + " with unexpected HTTP " + status);
        };
        return b.path(id).build();
    }

    @Override
    public String toString() { return "ConjurSecretWriter[" + settings + "]"; }
}
