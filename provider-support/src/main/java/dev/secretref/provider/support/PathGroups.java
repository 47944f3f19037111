package dev.secretref.provider.support;

import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch's paths grouped by the secret that serves them, so each secret is read once however many of its keys
 * are asked for. Paths that do not parse are kept apart with their {@code VALIDATION} error.
 *
 * @param <P> the provider's parsed path
 * @param <K> what identifies one remote read (a secret and version)
 */
public final class PathGroups<P, K> {
    private final Map<K, List<String>> groups;
    private final Map<String, P> parsed;
    private final Map<String, SecretManagerException> invalid;

    private PathGroups(Map<K, List<String>> groups, Map<String, P> parsed, Map<String, SecretManagerException> invalid) {
        this.groups = groups;
        this.parsed = parsed;
        this.invalid = invalid;
    }

    /**
     * Parses each path with {@code parse} (which throws {@link SecretManagerException} for a bad one) and groups
     * the good ones by {@code key}, in first-seen order.
     */
    public static <P, K> PathGroups<P, K> of(Collection<String> paths, Function<String, P> parse, Function<P, K> key) {
        Map<K, List<String>> groups = new LinkedHashMap<>();
        Map<String, P> parsed = new LinkedHashMap<>();
        Map<String, SecretManagerException> invalid = new LinkedHashMap<>();
        for (String path : paths) {
            try {
                P p = parse.apply(path);
                parsed.put(path, p);
                groups.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(path);
            } catch (SecretManagerException e) {
                invalid.put(path, e);
            }
        }
        return new PathGroups<>(Collections.unmodifiableMap(groups), parsed, invalid);
    }

    /** Each read's key and the paths it serves, in first-seen order. */
    public Map<K, List<String>> groups() { return groups; }

    /** The parsed form of a path that parsed. */
    public P parsed(String path) { return parsed.get(path); }

    /** The parsed form of the first path of a group (the one to read with). */
    public P first(K key) { return parsed.get(groups.get(key).get(0)); }

    /** Paths that did not parse, with their errors. */
    public Map<String, SecretManagerException> invalid() { return Collections.unmodifiableMap(invalid); }

    /** A result map in the order of {@code paths}, starting with the parse errors; the caller fills in the rest. */
    public static Map<String, FetchResult> ordered(Collection<String> paths, Map<String, FetchResult> results) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        for (String p : paths) out.put(p, results.get(p));
        return out;
    }
}
