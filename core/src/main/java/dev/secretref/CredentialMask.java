package dev.secretref;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials of one manager that must never appear in a message: those in its config, and those its
 * provider obtained at run time and declared through {@link dev.secretref.spi.ProviderContext} (login
 * tokens, assumed-role keys) while they live. Strings shorter than {@value #MIN_LENGTH} characters are not
 * masked (they would mask ordinary words).
 */
final class CredentialMask {
    static final int MIN_LENGTH = 4;
    static final String MASK = "██";

    private final List<String> configured;
    private final Set<String> obtained = ConcurrentHashMap.newKeySet();

    CredentialMask(Collection<String> configured) {
        this.configured = configured.stream().filter(CredentialMask::maskable).toList();
    }

    void add(String credential) {
        if (maskable(credential)) obtained.add(credential);
    }

    void remove(String credential) {
        if (credential != null) obtained.remove(credential);
    }

    /** {@code message} with every credential and every one of {@code values} replaced by {@value #MASK}. */
    String scrub(String message, Collection<String> values) {
        if (message == null) return null;
        String out = message;
        for (String c : configured) out = out.replace(c, MASK);
        for (String c : obtained) out = out.replace(c, MASK);
        for (String v : values) {
            if (maskable(v)) out = out.replace(v, MASK);
        }
        return out;
    }

    private static boolean maskable(String s) {
        return s != null && s.length() >= MIN_LENGTH;
    }

    @Override
    public String toString() {
        return "CredentialMask[" + (configured.size() + obtained.size()) + " credentials]";
    }
}
