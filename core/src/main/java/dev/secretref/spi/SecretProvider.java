package dev.secretref.spi;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A connection to one store. Thread-safe; reuses its clients and tokens; puts every remote call under
 * a timeout. The resolver caches in front of it, so an implementation writes no caching code.
 *
 * <p>Failures are {@link SecretManagerException}s. A missing secret is {@code SECRET_MANAGER_GET_SECRET_FAILED
 * / NOT_FOUND}; never {@code null}. Messages must not contain values or credentials.
 */
public interface SecretProvider extends AutoCloseable {

    /** The value at {@code path}, as stored: {@code ""}, {@code "0"}, {@code "false"} are values. */
    String fetch(String path);

    /**
     * Fetches several paths with as few remote calls as the store allows. Returns one result per
     * asked path; a path that failed carries its own error. The default fetches one by one.
     */
    default Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) {
            try {
                out.put(p, FetchResult.value(fetch(p)));
            } catch (SecretManagerException e) {
                out.put(p, FetchResult.error(e));
            }
        }
        return out;
    }

    /** A cheap, least-privilege probe that the store is reachable and the credentials valid. */
    void checkConnection();

    /** Rejects a path that does not follow the provider's syntax with {@code VALIDATION / INVALID_REFERENCE}. */
    default void validatePath(String path) { }

    /** Names of secrets under {@code prefix} (empty = all), never values. */
    default List<SecretInfo> list(String prefix) {
        throw SecretManagerException.builder(ErrorCode.VALIDATION, Reason.UNSUPPORTED)
                .message("This provider cannot list secrets").build();
    }

    /**
     * One page of the secrets {@code query} selects, never values, in an order that stays the same from
     * one call to the next (so pages neither overlap nor skip). Apply the whole query before counting its
     * offset ({@link SecretQuery#test}); use the store's own name filter and paging where it has them, so a
     * large store is not listed whole for one page ({@link SecretPage#walk} pages a lazy walk). Fill
     * {@link SecretInfo#withTimes times} the listing returns; make extra calls for them only when
     * {@link SecretQuery#timestamps()} asks. The default lists everything under the query's prefix with
     * {@link #list} and pages it in memory.
     */
    default SecretPage search(SecretQuery query) {
        return SecretPage.ofAll(list(query.prefix()), query);
    }

    /** The writer of a store that accepts writes; empty for a read-only store. */
    default Optional<SecretWriter> writer() {
        return Optional.empty();
    }

    /** Releases clients and threads. Idempotent. */
    @Override
    default void close() { }
}
