package dev.secretref.provider.vault;

import dev.secretref.spi.ProviderConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Where the {@code hashicorp} writer keeps credentials: {@code writePrefix}, a KV mount and a path under it
 * (default {@code secret/secretref/}); credential {@code NAME} becomes the KV secret {@code <writePrefix>NAME}. On a
 * KV v2 mount the prefix may also be written in its {@code mount/data/path/} form.
 */
final class VaultWriteSettings {
    static final String DEFAULT_PREFIX = "secret/secretref/";

    /** The prefix without leading or trailing slashes, e.g. {@code secret/secretref}. */
    final String prefix;

    private VaultWriteSettings(String prefix) {
        this.prefix = prefix;
    }

    static VaultWriteSettings from(ProviderConfig config) {
        String raw = config.get("writePrefix").map(String::strip).orElse(DEFAULT_PREFIX);
        String p = VaultPaths.trimSlashes(raw);
        boolean ok = !p.isEmpty() && !p.contains("?") && !p.contains("//") && p.chars().noneMatch(Character::isISOControl)
                && Arrays.stream(p.split("/")).noneMatch(s -> s.isBlank() || s.equals(".") || s.equals(".."));
        if (!ok) {
            throw config.invalid(List.of("writePrefix must be a KV mount followed by an optional path, "
                    + "like secret/secretref/ (no empty, '.' or '..' segments, no '?')"));
        }
        return new VaultWriteSettings(p);
    }

    @Override
    public String toString() { return "VaultWriteSettings[prefix=" + prefix + "/]"; }
}
