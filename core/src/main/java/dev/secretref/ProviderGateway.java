package dev.secretref;

import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one door to a manager's provider: every call the cache or a writer makes goes through it, and
 * every exception that leaves it is a
 * {@link SecretManagerException} carrying manager, provider and path, whose message and causes hold no
 * configured credential and no value the provider returned. Exceptions of other types come from
 * provider bugs; their messages are untrusted and dropped (class and stack trace are kept).
 */
final class ProviderGateway {
    private final String manager;
    private final String providerId;
    private final SecretProvider delegate;
    private final CredentialMask mask;

    ProviderGateway(String manager, String providerId, SecretProvider delegate, CredentialMask mask) {
        this.manager = manager;
        this.providerId = providerId;
        this.delegate = delegate;
        this.mask = mask;
    }

    String manager() { return manager; }
    String providerId() { return providerId; }
    SecretProvider delegate() { return delegate; }

    String fetch(String path) {
        String value;
        try {
            value = delegate.fetch(path);
        } catch (RuntimeException e) {
            throw translate(e, path, List.of());
        }
        if (value == null) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .manager(manager).provider(providerId).path(path)
                    .message("Provider " + SecretReference.abbreviate(providerId) + " returned null for this path (a provider bug: a missing "
                            + "secret must be a NOT_FOUND exception)").build();
        }
        return value;
    }

    Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> raw;
        try {
            raw = delegate.fetchAll(paths);
        } catch (RuntimeException e) {
            Map<String, FetchResult> all = new LinkedHashMap<>();
            for (String p : paths) all.put(p, FetchResult.error(translate(e, p, List.of())));
            return all;
        }
        List<String> values = new ArrayList<>();
        for (String p : paths) {
            FetchResult r = raw == null ? null : raw.get(p);
            if (r != null && r.isValue()) values.add(r.valueOrThrow());
        }
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) {
            FetchResult r = raw == null ? null : raw.get(p);
            if (r == null) {
                out.put(p, FetchResult.error(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                        .manager(manager).provider(providerId).path(p)
                        .message("Provider " + SecretReference.abbreviate(providerId) + " returned no result for this path (a provider bug)").build()));
            } else if (r.isValue()) {
                out.put(p, r);
            } else {
                out.put(p, FetchResult.error(translate(r.failure().orElseThrow(), p, values)));
            }
        }
        return out;
    }

    void checkConnection() {
        try {
            delegate.checkConnection();
        } catch (RuntimeException e) {
            throw translate(e, null, List.of());
        }
    }

    void validatePath(String path) {
        try {
            delegate.validatePath(path);
        } catch (RuntimeException e) {
            throw translate(e, path, List.of());
        }
    }

    List<SecretInfo> list(String prefix) {
        try {
            return delegate.list(prefix);
        } catch (RuntimeException e) {
            throw translate(e, null, List.of());
        }
    }

    SecretPage search(SecretQuery query) {
        SecretPage page;
        try {
            page = delegate.search(query);
        } catch (RuntimeException e) {
            throw translate(e, null, List.of());
        }
        return page == null ? SecretPage.empty() : page;
    }

    /** The provider's writer, if its store accepts writes. */
    Optional<SecretWriter> writer() {
        Optional<SecretWriter> w;
        try {
            w = delegate.writer();
        } catch (RuntimeException e) {
            throw translate(e, null, List.of(), ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        }
        return w == null ? Optional.empty() : w;
    }

    void close() {
        delegate.close();
    }

    /** A scrubbed {@link SecretManagerException} for {@code e}, with this manager's context. */
    SecretManagerException translate(RuntimeException e, String path, List<String> values) {
        return translate(e, path, values, ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
    }

    /**
     * As {@link #translate(RuntimeException, String, List)}; an exception that is not a
     * {@link SecretManagerException} becomes {@code fallback / PROVIDER_ERROR}.
     */
    SecretManagerException translate(RuntimeException e, String path, List<String> values, ErrorCode fallback) {
        if (e instanceof SecretManagerException sme) {
            String msg = scrub(sme.getMessage(), values);
            SecretManagerException.Builder b = sme.toBuilder().message(msg).cause(redact(sme.getCause()));
            if (sme.manager() == null) b.manager(manager);
            if (sme.provider() == null) b.provider(providerId);
            if (sme.path() == null && path != null) b.path(path);
            SecretManagerException copy = b.build();
            copy.setStackTrace(sme.getStackTrace());
            return copy;
        }
        return SecretManagerException.builder(fallback, Reason.PROVIDER_ERROR)
                .manager(manager).provider(providerId).path(path)
                .message("Provider " + SecretReference.abbreviate(providerId) + " of manager '" + SecretReference.abbreviate(manager) + "' failed with "
                        + e.getClass().getName() + (path != null ? " for path '" + SecretReference.abbreviate(path) + "'" : "")
                        + " (its message is withheld because it may contain secrets)")
                .cause(redact(e)).build();
    }

    private String scrub(String message, List<String> values) {
        return mask.scrub(message, values);
    }

    /** A copy of {@code t} and its causes keeping class names and stack traces, never messages. */
    static Throwable redact(Throwable t) {
        if (t == null || t instanceof RedactedThrowable) return t;
        RedactedThrowable r = new RedactedThrowable(t.getClass().getName(), redact(t.getCause()));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    /** Stands in for a provider's exception whose message may hold secrets. */
    static final class RedactedThrowable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedThrowable(String originalClass, Throwable cause) {
            super(originalClass + " (message withheld)", cause, false, true);
        }
    }
}
