package dev.secretref.sync;

import dev.secretref.ErrorCode;
import dev.secretref.ResolutionContext;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretReference;
import dev.secretref.SecretResolver;
import dev.secretref.spi.SecretInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the next snapshot: lists each source (names only), then fetches every listed secret through the
 * resolver in one call, which batches per manager ({@code fetchAll}) and runs managers in parallel.
 */
final class SnapshotFetcher {
    private final SecretResolver resolver;
    private final List<Source> sources;
    private final ResolutionContext context;

    SnapshotFetcher(SecretResolver resolver, List<Source> sources, ResolutionContext context) {
        this.resolver = resolver;
        this.sources = sources;
        this.context = context;
    }

    String describeSources() {
        return sources.toString();
    }

    /** The result of one attempt: a new snapshot and the names that failed, or why the whole sync failed. */
    record Outcome(Snapshot snapshot, Set<String> failed, String failureSummary, Optional<String> error) {
        static Outcome failedWith(String error) {
            return new Outcome(null, Set.of(), null, Optional.of(error));
        }
    }

    private record Listed(String name, Source source, String path) {
        String reference() {
            return "{{" + source.manager() + SecretReference.SEPARATOR + path + "}}";
        }
    }

    Outcome fetch(Snapshot before, Instant now) {
        Map<String, Listed> listed = new LinkedHashMap<>();
        for (Source source : sources) {
            List<SecretInfo> infos;
            try {
                infos = resolver.list(source.manager(), source.prefix(), context);
            } catch (SecretManagerException e) {
                return Outcome.failedWith("listing " + source + " failed: " + SecretSync.describe(e));
            }
            for (SecretInfo info : infos) {
                String path = info.path();
                if (!source.contains(path)) continue;   // never read outside the space, whatever the store lists
                String name = lastSegment(path);
                if (name.isEmpty()) continue;           // a folder, not a secret
                Listed other = listed.putIfAbsent(name, new Listed(name, source, path));
                if (other != null) {
                    return Outcome.failedWith("two secrets would both be named '" + name + "': " + other.source().manager()
                            + ":" + other.path() + " and " + source.manager() + ":" + path
                            + "; narrow a source's prefix so each name comes from one path");
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, SecretManagerException> errors = new LinkedHashMap<>();
        Optional<String> wholeFailure = fetchValues(new ArrayList<>(listed.values()), values, errors);
        if (wholeFailure.isPresent()) return Outcome.failedWith(wholeFailure.get());

        Map<String, Snapshot.Entry> entries = new LinkedHashMap<>();
        Map<String, String> snapshotValues = new LinkedHashMap<>();
        for (Listed l : listed.values()) {
            String value = values.get(l.name());
            Snapshot.Entry old = before.entries().get(l.name());
            if (value == null) {        // failed: keep the last value, if there was one
                if (old != null) {
                    entries.put(l.name(), old);
                    snapshotValues.put(l.name(), before.values().get(l.name()));
                }
                continue;
            }
            String digest = Snapshot.digest(value);
            Instant updatedAt = old != null && old.digest().equals(digest) ? old.updatedAt() : now;
            entries.put(l.name(), new Snapshot.Entry(l.name(), l.source(), l.path(), digest, updatedAt));
            snapshotValues.put(l.name(), value);
        }
        Set<String> failed = new LinkedHashSet<>(errors.keySet());
        String summary = failed.isEmpty() ? null : failed.size() + " secret(s) could not be fetched and keep their last value ("
                + errors.entrySet().stream().limit(3).map(e -> e.getKey() + ": " + e.getValue().code() + "/" + e.getValue().reason())
                        .collect(Collectors.joining(", ")) + (failed.size() > 3 ? ", …" : "") + ")";
        return new Outcome(Snapshot.of(entries, snapshotValues), failed, summary, Optional.empty());
    }

    /**
     * Fetches every listed secret in one resolve. Resolution is strict, so when that call fails the secrets it
     * did fetch are in the resolver's cache: each is then asked alone (a cache hit) to learn which failed. A
     * failure to reach a store fails the whole sync instead, rather than retrying every secret against it.
     */
    private Optional<String> fetchValues(List<Listed> listed, Map<String, String> values, Map<String, SecretManagerException> errors) {
        List<Listed> fetchable = new ArrayList<>();
        for (Listed l : listed) {
            if (l.path().contains("}}") || l.path().contains(SecretReference.SEPARATOR)) {
                errors.put(l.name(), SecretManagerException.validation(dev.secretref.Reason.INVALID_REFERENCE,
                        "The listed path cannot be written as a reference"));
            } else {
                fetchable.add(l);
            }
        }
        if (fetchable.isEmpty()) return Optional.empty();
        List<String> references = fetchable.stream().map(Listed::reference).toList();
        try {
            List<String> resolved = resolver.resolve(references, context);
            for (int i = 0; i < fetchable.size(); i++) values.put(fetchable.get(i).name(), resolved.get(i));
            return Optional.empty();
        } catch (SecretManagerException e) {
            if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED || e.code() == ErrorCode.VALIDATION) {
                return Optional.of("fetching failed: " + SecretSync.describe(e));
            }
        }
        for (Listed l : fetchable) {
            try {
                values.put(l.name(), resolver.resolveString(l.reference(), context));
            } catch (SecretManagerException e) {
                if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED) {
                    return Optional.of("fetching failed: " + SecretSync.describe(e));
                }
                errors.put(l.name(), e);
            }
        }
        return Optional.empty();
    }

    /** The last segment of a path: after the last '/' (and after a ':' key separator, if it comes later). */
    static String lastSegment(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf(':'));
        return path.substring(cut + 1).strip();
    }
}
