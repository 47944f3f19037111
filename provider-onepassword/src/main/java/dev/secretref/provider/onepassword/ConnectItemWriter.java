package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connect mode writes (https://developer.1password.com/docs/connect/api-reference/): a credential is the item titled
 * {@code name} in {@code writeVault}, created with {@code POST /v1/vaults/{vaultId}/items} or replaced whole with
 * {@code PUT /v1/vaults/{vaultId}/items/{itemId}} (its fields become exactly the credential's, all CONCEALED);
 * {@code delete} is {@code DELETE /v1/vaults/{vaultId}/items/{itemId}}. Last writer wins. The Connect token needs
 * read and write access to the vault.
 */
final class ConnectItemWriter implements SecretWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectClient reads;
    private final ProviderHttp http;
    private final String base;
    private final String token;
    private final Optional<String> vault;
    private final Scrubber scrubber;

    ConnectItemWriter(ConnectClient reads, ProviderHttp http, String connectHost, String token, Optional<String> vault,
                      Scrubber scrubber) {
        this.reads = reads;
        this.http = http;
        String b = connectHost.strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        this.base = b;
        this.token = token;
        this.vault = vault;
        this.scrubber = scrubber;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        String v = OnePasswordWriteSettings.require(vault);
        Map<String, String> paths = ItemFields.paths(v, name, fields);
        String vaultId = vaultId(v);
        ObjectNode item = ItemFields.item(name, fields);
        item.putObject("vault").put("id", vaultId);
        Optional<JsonNode> existing = find(vaultId, name);
        HttpResponse<byte[]> r;
        String what;
        if (existing.isPresent()) {
            String itemId = existing.get().path("id").asText();
            item.put("id", itemId);
            item.put("category", existing.get().path("category").asText(ItemFields.CATEGORY));
            what = "PUT /v1/vaults/" + vaultId + "/items/" + itemId;
            r = send("PUT", "/v1/vaults/" + vaultId + "/items/" + itemId, item, what);
        } else {
            what = "POST /v1/vaults/" + vaultId + "/items";
            r = send("POST", "/v1/vaults/" + vaultId + "/items", item, what);
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) throw failure(r, what, fields.values());
        return paths;
    }

    @Override
    public Optional<Map<String, String>> paths(String name, java.util.Set<String> fields) {
        SecretWriter.requireValidName(name);
        if (vault.isEmpty()) return Optional.empty();
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        fields.forEach(f -> byName.put(f, ""));
        return Optional.of(fields.isEmpty() ? Map.of() : ItemFields.paths(vault.get(), name, byName));
    }

    @Override
    public void delete(String name) {
        SecretWriter.requireValidName(name);
        String v = OnePasswordWriteSettings.require(vault);
        String vaultId = vaultId(v);
        Optional<JsonNode> existing = find(vaultId, name);
        if (existing.isEmpty()) return;
        String what = "DELETE /v1/vaults/" + vaultId + "/items/" + existing.get().path("id").asText();
        HttpResponse<byte[]> r = send("DELETE", what.substring("DELETE ".length()), null, what);
        if (r.statusCode() != 204 && r.statusCode() != 200 && r.statusCode() != 404) throw failure(r, what, List.of());
    }

    private String vaultId(String v) {
        if (ConnectSecretProvider.isId(v)) return v;
        JsonNode vaults;
        try {
            vaults = reads.vaultsNamed(v);
        } catch (ConnectClient.NotFound e) {
            throw failed(Reason.PROVIDER_ERROR, "GET /v1/vaults answered 404: connectHost does not point at a 1Password Connect server");
        } catch (SecretManagerException e) {
            throw asWriteFailure(e);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode n : vaults) {
            if (v.equals(n.path("name").asText(null))) ids.add(n.path("id").asText());
        }
        if (ids.isEmpty()) {
            throw failed(Reason.NOT_FOUND, "writeVault '" + v + "' not found, or the Connect token has no access to it; "
                    + "check the name (case-sensitive) or use the vault's id");
        }
        if (ids.size() > 1) throw failed(Reason.PROVIDER_ERROR, "Several vaults are named '" + v + "'; set writeVault to the vault's id");
        return ids.get(0);
    }

    private Optional<JsonNode> find(String vaultId, String title) {
        JsonNode items;
        try {
            items = reads.itemsTitled(vaultId, title);
        } catch (ConnectClient.NotFound e) {
            throw failed(Reason.NOT_FOUND, "writeVault " + vaultId + " not found (it may have been deleted)");
        } catch (SecretManagerException e) {
            throw asWriteFailure(e);
        }
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode i : items) {
            if (title.equals(i.path("title").asText(null))) matches.add(i);
        }
        if (matches.size() > 1) {
            throw failed(Reason.PROVIDER_ERROR, "Several items in writeVault are titled '" + title + "'; remove the extra ones "
                    + "so secretref knows which credential to write");
        }
        return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(0));
    }

    private HttpResponse<byte[]> send(String method, String path, JsonNode body, String what) {
        HttpRequest.Builder b = http.request(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise an item", e);
            }
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build());
        } catch (SecretManagerException e) {
            throw asWriteFailure(e.toBuilder().message(what + ": " + e.getMessage()).build());
        }
    }

    private SecretManagerException failure(HttpResponse<byte[]> r, String what, java.util.Collection<String> values) {
        int status = r.statusCode();
        String said;
        try {
            said = scrubber.scrub(JSON.readTree(r.body()).path("message").asText(""), values);
        } catch (IOException | RuntimeException e) {
            said = "";
        }
        String suffix = said.isEmpty() ? "" : " Connect said: " + said;
        return switch (status) {
            case 401 -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("1Password Connect rejected the access token (HTTP 401, " + what + "); check connectToken." + suffix).build();
            case 403 -> failed(Reason.ACCESS_DENIED, "1Password Connect denied " + what + " (HTTP 403); give the access token "
                    + "write access to writeVault (and read, to find items by title)." + suffix);
            case 404 -> failed(Reason.NOT_FOUND, "1Password Connect found no such vault or item (HTTP 404, " + what + ")." + suffix);
            case 413 -> failed(Reason.PROVIDER_ERROR, "1Password Connect refused the item as too large (HTTP 413, " + what + ")." + suffix);
            case 429 -> failed(Reason.THROTTLED, "1Password Connect rate-limited " + what + " (HTTP 429)." + suffix);
            default -> status >= 500
                    ? SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                            .message("1Password Connect failed " + what + " (HTTP " + status + "); check the Connect server's health."
                                    + suffix).build()
                    : failed(Reason.PROVIDER_ERROR, "1Password Connect refused " + what + " (HTTP " + status + ")." + suffix);
        };
    }

    private static SecretManagerException asWriteFailure(SecretManagerException e) {
        if (e.code() != ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED) return e;
        ErrorCode code = e.reason() == Reason.TIMEOUT || e.reason() == Reason.UNREACHABLE
                ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
        return SecretManagerException.builder(code, e.reason()).message(e.getMessage()).cause(e.getCause()).path(e.path()).build();
    }

    private static SecretManagerException failed(Reason reason, String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, reason).message(message).build();
    }

    @Override
    public String toString() {
        return "ConnectItemWriter[" + base + ", writeVault=" + vault.orElse("(none)") + ", token=██]";
    }
}
