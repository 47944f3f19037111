package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretQuery;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Connect mode: reads through a 1Password Connect server's REST API. Vault and item names are turned
 * into ids once per provider (and looked up again when a remembered id stops working); the item is
 * fetched whole, so several fields of one item cost one item fetch in {@link #fetchAll}.
 */
final class ConnectSecretProvider implements SecretProvider {
    /** 1Password ids are 26 lowercase letters and digits. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]{26}");

    private final ConnectClient client;
    private final IdCache vaultIds = new IdCache();
    private final IdCache itemIds = new IdCache();

    private final SecretWriter writer;

    ConnectSecretProvider(ConnectClient client, SecretWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    @Override
    public Optional<SecretWriter> writer() {
        return Optional.of(writer);
    }

    @Override
    public String fetch(String path) {
        SecretRef ref = SecretRef.parse(path);
        try {
            return FieldSelector.select(loadItem(ref), ref);
        } catch (SecretManagerException e) {
            throw e.toBuilder().path(path).build();
        }
    }

    @Override
    public Map<String, FetchResult> fetchAll(Set<String> paths) {
        Map<String, FetchResult> out = new LinkedHashMap<>();
        Map<String, List<String>> byItem = new LinkedHashMap<>();
        Map<String, SecretRef> refs = new LinkedHashMap<>();
        for (String p : paths) {
            out.put(p, null);
            try {
                SecretRef ref = SecretRef.parse(p);
                refs.put(p, ref);
                byItem.computeIfAbsent(ref.itemKey(), k -> new ArrayList<>()).add(p);
            } catch (SecretManagerException e) {
                out.put(p, FetchResult.error(e.toBuilder().path(p).build()));
            }
        }
        for (List<String> group : byItem.values()) {
            JsonNode item;
            try {
                item = loadItem(refs.get(group.get(0)));
            } catch (SecretManagerException e) {
                group.forEach(p -> out.put(p, FetchResult.error(e.toBuilder().path(p).build())));
                continue;
            }
            for (String p : group) {
                try {
                    out.put(p, FetchResult.value(FieldSelector.select(item, refs.get(p))));
                } catch (SecretManagerException e) {
                    out.put(p, FetchResult.error(e.toBuilder().path(p).build()));
                }
            }
        }
        return out;
    }

    /** The full item the reference points at; looks names up again once if a remembered id no longer works. */
    private JsonNode loadItem(SecretRef ref) {
        String vaultId = vaultId(ref.vault());
        String itemId = itemId(vaultId, ref);
        try {
            return client.item(vaultId, itemId);
        } catch (ConnectClient.NotFound stale) {
            boolean cached = !isId(ref.vault()) || !isId(ref.item());
            if (cached) {
                vaultIds.forget(ref.vault());
                itemIds.forget(vaultId + '\u0000' + ref.item());
                String freshVault = vaultId(ref.vault());
                String freshItem = itemId(freshVault, ref);
                try {
                    return client.item(freshVault, freshItem);
                } catch (ConnectClient.NotFound gone) {
                    throw itemNotFound(ref, gone.serverMessage());
                }
            }
            throw itemNotFound(ref, stale.serverMessage());
        }
    }

    private String vaultId(String vault) {
        if (isId(vault)) return vault;
        return vaultIds.get(vault, () -> {
            JsonNode vaults;
            try {
                vaults = client.vaultsNamed(vault);
            } catch (ConnectClient.NotFound e) {
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                        .message("GET /v1/vaults answered 404: connectHost does not point at a 1Password Connect server").build();
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode v : vaults) {
                if (vault.equals(v.path("name").asText(null))) ids.add(v.path("id").asText());
            }
            if (ids.isEmpty()) {
                throw notFound("Vault '" + vault + "' not found, or the Connect access token has no access to it "
                        + "(names are case-sensitive; a vault's id works too)");
            }
            if (ids.size() > 1) throw ambiguous("vaults are named '" + vault + "'", "the vault's id");
            return ids.get(0);
        });
    }

    private String itemId(String vaultId, SecretRef ref) {
        String item = ref.item();
        if (isId(item)) return item;
        return itemIds.get(vaultId + '\u0000' + item, () -> {
            JsonNode items;
            try {
                items = client.itemsTitled(vaultId, item);
            } catch (ConnectClient.NotFound e) {
                vaultIds.forget(ref.vault());
                throw notFound("Vault '" + ref.vault() + "' not found (it may have been deleted)");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode i : items) {
                if (item.equals(i.path("title").asText(null))) ids.add(i.path("id").asText());
            }
            if (ids.isEmpty()) {
                throw notFound("Item '" + item + "' not found in vault '" + ref.vault() + "' (titles are case-sensitive; an item's id works too)");
            }
            if (ids.size() > 1) throw ambiguous("items in vault '" + ref.vault() + "' are titled '" + item + "'", "the item's id");
            return ids.get(0);
        });
    }

    private static SecretManagerException itemNotFound(SecretRef ref, String serverMessage) {
        String said = serverMessage == null || serverMessage.isEmpty() ? "" : " Connect said: " + serverMessage;
        if (isId(ref.vault()) && isId(ref.item())) {
            return notFound("Vault '" + ref.vault() + "' or item '" + ref.item() + "' not found." + said);
        }
        return notFound("Item '" + ref.item() + "' not found in vault '" + ref.vault() + "'." + said);
    }

    static boolean isId(String s) { return ID.matcher(s).matches(); }

    static SecretManagerException notFound(String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.NOT_FOUND).message(message).build();
    }

    private static SecretManagerException ambiguous(String what, String use) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                .message("Several " + what + "; use " + use + " in the reference instead of the name").build();
    }

    @Override
    public void checkConnection() {
        try {
            client.heartbeat();
            client.vaults();
        } catch (ConnectClient.NotFound e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.PROVIDER_ERROR)
                    .message("GET /v1/vaults answered 404: connectHost does not point at a 1Password Connect server").build();
        } catch (SecretManagerException e) {
            if (e.code() == ErrorCode.SECRET_MANAGER_CONNECTION_FAILED) throw e;
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, e.reason())
                    .message(e.getMessage()).cause(e.getCause()).build();
        }
    }

    @Override
    public void validatePath(String path) {
        SecretRef.parse(path);
    }

    @Override
    public List<SecretInfo> list(String prefix) {
        VaultPrefix vp = VaultPrefix.parse(prefix);
        String vaultId = vaultId(vp.vault());
        JsonNode items;
        try {
            items = client.items(vaultId);
        } catch (ConnectClient.NotFound e) {
            vaultIds.forget(vp.vault());
            throw notFound("Vault '" + vp.vault() + "' not found");
        }
        List<SecretInfo> out = new ArrayList<>();
        for (JsonNode i : items) {
            String title = i.path("title").asText("");
            if (title.isEmpty() || !title.startsWith(vp.titlePrefix())) continue;
            out.add(SecretInfo.of(VaultPrefix.itemPath(vp.vault(), title), i.path("category").asText("").toLowerCase(Locale.ROOT))
                    .withTimes(VaultSearch.time(i.path("createdAt").asText(null)), VaultSearch.time(i.path("updatedAt").asText(null))));
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /**
     * Pages item titles with the Connect listing: {@code GET /v1/vaults/{id}/items} (summaries, never fields) per vault,
     * read only as far as the page needs; {@code GET /v1/vaults} first when the prefix names no single vault, and a
     * {@code name eq} lookup the first time a vault is named. Times come from each summary's createdAt/updatedAt.
     */
    @Override
    public SecretPage search(SecretQuery query) {
        VaultSearch scope = VaultSearch.of(query);
        List<VaultSearch.Vault> vaults;
        if (scope.vault().isPresent()) {
            String named = scope.vault().get();
            vaults = List.of(new VaultSearch.Vault(vaultId(named), named));
        } else {
            List<VaultSearch.Vault> all = new ArrayList<>();
            for (JsonNode v : client.vaults()) {
                String name = v.path("name").asText("");
                if (!name.isEmpty()) all.add(new VaultSearch.Vault(v.path("id").asText(), name));
            }
            vaults = VaultSearch.reachable(all, query);
        }
        return VaultSearch.page(vaults, v -> summaries(v, scope.connectFilter(v, query), scope.vault().isPresent()), query);
    }

    private List<SecretInfo> summaries(VaultSearch.Vault v, String filter, boolean named) {
        JsonNode items;
        try {
            items = client.itemsMatching(v.key(), filter);
        } catch (ConnectClient.NotFound e) {
            if (!named) return List.of();   // deleted since GET /v1/vaults: nothing to list
            if (isId(v.pathName())) throw notFound("Vault '" + v.pathName() + "' not found");
            vaultIds.forget(v.pathName());  // a remembered id that no longer works: look the name up again, once
            try {
                items = client.itemsMatching(vaultId(v.pathName()), filter);
            } catch (ConnectClient.NotFound gone) {
                vaultIds.forget(v.pathName());
                throw notFound("Vault '" + v.pathName() + "' not found (it may have been deleted)");
            }
        }
        List<SecretInfo> out = new ArrayList<>();
        for (JsonNode i : items) {
            String title = i.path("title").asText("");
            if (title.isEmpty()) continue;
            out.add(SecretInfo.of(VaultPrefix.itemPath(v.pathName(), title), i.path("category").asText("").toLowerCase(Locale.ROOT))
                    .withTimes(VaultSearch.time(i.path("createdAt").asText(null)), VaultSearch.time(i.path("updatedAt").asText(null))));
        }
        return VaultSearch.sorted(out);
    }

    /** Cuts off calls in flight (they fail with reason {@code CLOSED}). Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "OnePasswordProvider[Connect, " + client + ", " + vaultIds + " vault ids, " + itemIds + " item ids]";
    }
}
