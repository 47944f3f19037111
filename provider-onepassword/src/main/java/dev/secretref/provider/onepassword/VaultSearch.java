package dev.secretref.provider.onepassword;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * What both modes share to page a {@link SecretQuery} over items ({@code op://vault/item} paths, item level): which
 * vaults the query's prefix can reach, the one native title filter that is exact enough to send, and a lazy walk
 * that reads one vault's listing only when the page needs it. Vaults are walked in the order of their path prefix
 * and items sorted by path inside a vault, so the whole walk is in path order and stable across calls.
 */
final class VaultSearch {
    /** A vault to list: the name or id to ask for, and the name its items' paths start with. */
    record Vault(String key, String pathName) {
        String pathPrefix() { return "op://" + quoteName(pathName) + "/"; }
    }

    private final String vault;
    private final String titlePrefix;

    private VaultSearch(String vault, String titlePrefix) {
        this.vault = vault;
        this.titlePrefix = titlePrefix;
    }

    /**
     * The vaults {@code query}'s prefix reaches. A prefix is in path syntax: {@code ""} or {@code op://} (every vault),
     * {@code op://Pro} (vaults whose path starts so), {@code op://Prod/} or {@code op://Prod/api} (one vault, given by name
     * or id, and optionally the start of item titles).
     */
    static VaultSearch of(SecretQuery query) {
        String p = query.prefix();
        if ("op://".startsWith(p)) return new VaultSearch(null, "");
        if (!p.startsWith("op://")) {
            throw SecretManagerException.validation(Reason.INVALID_ARGUMENT,
                    "A 1Password search prefix is in path syntax: op://Vault/ (optionally followed by the start of item titles), "
                            + "op:// for every vault the token can read, or nothing");
        }
        String rest = p.substring("op://".length());
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '/') return new VaultSearch(null, "");
            return new VaultSearch(rest.substring(1, close), rest.substring(close + 2));
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? new VaultSearch(null, "") : new VaultSearch(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The one vault the prefix names (name or id), if it closes the vault segment. */
    Optional<String> vault() { return Optional.ofNullable(vault); }

    /**
     * The vaults of {@code all} (every vault the token can read) whose items the query's prefix can reach, in path order.
     * Used when the prefix names no single vault.
     */
    static List<Vault> reachable(List<Vault> all, SecretQuery query) {
        String p = query.prefix();
        List<Vault> out = new ArrayList<>();
        for (Vault v : all) {
            String vp = v.pathPrefix();
            if (vp.startsWith(p) || p.startsWith(vp)) out.add(v);
        }
        out.sort(Comparator.comparing(Vault::pathPrefix));
        return out;
    }

    /**
     * A Connect SCIM filter that keeps at least every item of {@code v} the query matches, or {@code ""} when none is
     * exact enough. Only {@code title co "..."} is sent (the operator 1Password's Connect answers; whether it compares
     * case-sensitively is not documented): for the title part of the prefix, or for the query text when that text has
     * no letter case to get wrong, holds no {@code /} or {@code "} and cannot match the {@code op://vault} part of a path.
     */
    String connectFilter(Vault v, SecretQuery query) {
        if (vault != null && !titlePrefix.isEmpty() && !titlePrefix.startsWith("\"")) {
            return ConnectClient.term("title", "co", titlePrefix);
        }
        String text = query.text();
        boolean caseless = text.toLowerCase(Locale.ROOT).equals(text.toUpperCase(Locale.ROOT));
        String vaultPart = ("op://" + quoteName(v.pathName())).toLowerCase(Locale.ROOT);
        if (!text.isEmpty() && caseless && text.indexOf('/') < 0 && text.indexOf('"') < 0
                && !vaultPart.contains(text.toLowerCase(Locale.ROOT))) {
            return ConnectClient.term("title", "co", text);
        }
        return "";
    }

    /**
     * The page of {@code query} over {@code vaults}, listing a vault ({@code itemsOf}: its items, sorted by path) only
     * when the walk reaches it and stopping one match past the page.
     */
    static SecretPage page(List<Vault> vaults, Function<Vault, List<SecretInfo>> itemsOf, SecretQuery query) {
        Iterator<SecretInfo> walk = new Iterator<>() {
            private int next;
            private Iterator<SecretInfo> current = List.<SecretInfo>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < vaults.size()) {
                    current = itemsOf.apply(vaults.get(next++)).iterator();
                }
                return current.hasNext();
            }

            @Override
            public SecretInfo next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
        return SecretPage.walk(walk, query);
    }

    /** {@code items} sorted by path. */
    static List<SecretInfo> sorted(List<SecretInfo> items) {
        items.sort(Comparator.comparing(SecretInfo::path));
        return items;
    }

    /** An RFC 3339 time as 1Password prints it ({@code 2024-05-01T10:00:00Z}, maybe with fractions or an offset). */
    static Optional<Instant> time(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String quoteName(String name) {
        return name.indexOf('/') >= 0 ? "\"" + name + "\"" : name;
    }
}
