package dev.secretref.provider.conjur;

import dev.secretref.spi.ProviderConfig;
import java.util.List;
import java.util.Optional;

/**
 * Where the {@code cyberark-conjur} writer puts credentials: {@code writePrefix}, a variable id prefix. Credential
 * {@code NAME} with field {@code F} is the variable {@code <writePrefix>NAME/F}, which must already be declared in
 * policy (Conjur creates variables only through policy). No default: without it the writer refuses to write.
 */
final class ConjurWriteSettings {
    static final String KEY = "writePrefix";

    final Optional<String> prefix;

    private ConjurWriteSettings(Optional<String> prefix) {
        this.prefix = prefix;
    }

    static ConjurWriteSettings from(ProviderConfig config) {
        Optional<String> p = config.get(KEY).map(String::strip).filter(s -> !s.isEmpty());
        if (p.isPresent()) {
            String s = p.get();
            if (s.startsWith("/") || s.contains("?") || s.contains(",") || s.contains("//")
                    || s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw config.invalid(List.of("writePrefix must be a Conjur variable id prefix such as "
                        + "apps/secretref/ (no leading '/', no '//', spaces, '?' or ',')"));
            }
        }
        return new ConjurWriteSettings(p);
    }

    @Override
    public String toString() { return "writePrefix=" + prefix.orElse("(none: read-only)"); }
}
