package dev.secretref.provider.support;

import dev.secretref.spi.ProviderContext;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks credentials and values in text that came from outside (a store's error message, a child process's
 * stderr) before it goes into an exception message or a log line. One rule for every provider and the core:
 * a string of {@value #MIN_LENGTH} or more characters is replaced by {@value #MASK} wherever it occurs;
 * shorter strings are left alone (masking "a" or "id" would garble every message and hide nothing).
 *
 * <p>It knows the configured credentials from the start and the credentials the provider obtains while it
 * runs ({@link #obtained}: login tokens, access tokens, assumed-role keys) until they are {@link #discarded};
 * both are also reported to the {@link ProviderContext}, so the resolver masks them too.
 */
public final class Redactor {
    /** The shortest string that is masked (the core's rule). */
    public static final int MIN_LENGTH = 4;
    /** What a masked string becomes. */
    public static final String MASK = "██";

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final Set<String> configured;
    private final ProviderContext context;

    private Redactor(Collection<String> configured, ProviderContext context) {
        this.context = context;
        this.configured = configured.stream().filter(Redactor::maskable).collect(java.util.stream.Collectors.toUnmodifiableSet());
        secrets.addAll(this.configured);
    }

    /** A redactor of the configured credentials ({@code config.sensitiveValues()}), reporting to {@code context}. */
    public static Redactor of(Collection<String> configured, ProviderContext context) {
        return new Redactor(configured, Objects.requireNonNull(context, "context"));
    }

    /** A redactor that reports to no one (tests, tools). */
    public static Redactor of(Collection<String> configured) {
        return new Redactor(configured, null);
    }

    private static boolean maskable(String s) {
        return s != null && s.length() >= MIN_LENGTH;
    }

    /** A credential the provider obtained: masked from now on, and declared to the context. */
    public void obtained(String credential) {
        if (!maskable(credential)) return;
        secrets.add(credential);
        if (context != null) context.credentialObtained(credential);
    }

    /**
     * A credential that was replaced or dropped: it leaves the mask list (so a long-running provider's list does
     * not grow with every renewal) unless it is configured, and the context may forget it.
     */
    public void discarded(String credential) {
        if (!maskable(credential)) return;
        if (!configured.contains(credential)) secrets.remove(credential);
        if (context != null) context.credentialDiscarded(credential);
    }

    /** {@code text} with every known credential masked. */
    public String scrub(String text) {
        return scrub(text, Set.of());
    }

    /** {@code text} with every known credential and every value in {@code values} masked (same length rule). */
    public String scrub(String text, Collection<String> values) {
        if (text == null) return null;
        String out = text;
        for (String s : secrets) out = out.replace(s, MASK);
        for (String v : values) {
            if (maskable(v)) out = out.replace(v, MASK);
        }
        return out;
    }

    @Override
    public String toString() { return "Redactor[" + secrets.size() + " masked]"; }
}
