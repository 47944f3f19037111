package dev.secretref.provider.onepassword;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;

/**
 * The prefix {@code list} takes: a vault name or id ({@code Prod}), or the reference form
 * {@code op://Prod}, {@code op://Prod/} or {@code op://Prod/api} (items whose title starts with {@code api}).
 */
final class VaultPrefix {
    private final String vault;
    private final String titlePrefix;

    private VaultPrefix(String vault, String titlePrefix) {
        this.vault = vault;
        this.titlePrefix = titlePrefix;
    }

    static VaultPrefix parse(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        if (p.startsWith("op://")) p = p.substring("op://".length());
        String vault;
        String rest;
        if (p.startsWith("\"")) {
            int close = p.indexOf('"', 1);
            if (close < 0) throw invalid();
            vault = p.substring(1, close);
            rest = p.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith("/")) throw invalid();
            rest = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int slash = p.indexOf('/');
            vault = slash < 0 ? p : p.substring(0, slash);
            rest = slash < 0 ? "" : p.substring(slash + 1);
        }
        if (vault.isBlank()) throw invalid();
        return new VaultPrefix(vault, rest);
    }

    private static SecretManagerException invalid() {
        return SecretManagerException.validation(Reason.INVALID_REFERENCE,
                "list needs a vault: pass its name or id (Prod) or op://Prod/ (optionally followed by the start of item titles)");
    }

    String vault() { return vault; }
    String titlePrefix() { return titlePrefix; }

    /** {@code op://vault/item}, quoting a name that holds '/'. */
    static String itemPath(String vault, String title) {
        return "op://" + quote(vault) + "/" + quote(title);
    }

    private static String quote(String name) {
        return name.indexOf('/') >= 0 ? "\"" + name + "\"" : name;
    }
}
