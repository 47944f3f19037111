package dev.secretref.provider.onepassword;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service-account mode writes through the op CLI. Values never appear on op's command line (other processes can read
 * it): the item goes to op as a JSON item template in a file only this process can read ({@code 0600}, in a
 * {@code 0700} directory, deleted right after the run), as https://developer.1password.com/docs/cli/item-create
 * advises for sensitive values. {@code op item list --vault V --format json} finds the item titled {@code name};
 * then {@code op item edit <id> --vault V --template <file>} replaces it, or {@code op item create --vault V
 * --template <file>} creates it; {@code delete} is {@code op item delete <id> --vault V}. The service account needs
 * read and write access to {@code writeVault}.
 */
final class CliItemWriter implements SecretWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpRunner runner;
    private final Scrubber scrubber;
    private final Optional<String> vault;

    CliItemWriter(OpRunner runner, Scrubber scrubber, Optional<String> vault) {
        this.runner = runner;
        this.scrubber = scrubber;
        this.vault = vault;
    }

    @Override
    public Map<String, String> write(String name, Map<String, String> fields) {
        SecretWriter.requireValidName(name);
        String v = OnePasswordWriteSettings.require(vault);
        Map<String, String> paths = ItemFields.paths(v, name, fields);
        Optional<String> itemId = find(v, name);
        byte[] template;
        try {
            template = JSON.writeValueAsBytes(ItemFields.item(name, fields));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an item template", e);
        }
        Path dir = null;
        Path file = null;
        try {
            dir = privateDirectory();
            file = Files.createFile(dir.resolve("item.json"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, template);
            List<String> args = itemId.isPresent()
                    ? List.of("item", "edit", itemId.get(), "--vault", v, "--template", file.toString(), "--format", "json")
                    : List.of("item", "create", "--vault", v, "--template", file.toString(), "--format", "json");
            OpResult r = run(args);
            if (!r.succeeded()) throw failure("op item " + args.get(1) + " in vault " + v, r.stderr(), fields.values());
        } catch (IOException e) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("Could not write the private item template file for op (" + e.getClass().getSimpleName()
                            + "); check that the temporary directory is writable").build();
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
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
        Optional<String> itemId = find(v, name);
        if (itemId.isEmpty()) return;
        OpResult r = run(List.of("item", "delete", itemId.get(), "--vault", v));
        if (!r.succeeded() && OpErrors.classify(r.stderr()) != OpErrors.Kind.NOT_FOUND) {
            throw failure("op item delete in vault " + v, r.stderr(), List.of());
        }
    }

    /** The id of the one item titled {@code title} in {@code v}, if any. */
    private Optional<String> find(String v, String title) {
        OpResult r = run(List.of("item", "list", "--vault", v, "--format", "json"));
        if (!r.succeeded()) throw failure("op item list --vault " + v, r.stderr(), List.of());
        JsonNode items;
        try {
            items = JSON.readTree(r.stdout());
        } catch (IOException e) {
            items = null;
        }
        if (items == null || !items.isArray()) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("op item list printed something that is not a JSON array; check the op version (2.18.0 or later)").build();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode i : items) {
            if (title.equals(i.path("title").asText(null))) ids.add(i.path("id").asText());
        }
        if (ids.size() > 1) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("Several items in vault " + v + " are titled '" + title + "'; remove the extra ones so secretref "
                            + "knows which credential to write").build();
        }
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    private OpResult run(List<String> args) {
        try {
            return runner.run(args, null);
        } catch (SecretManagerException e) {
            if (e.code() != ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED) throw e;
            ErrorCode code = e.reason() == Reason.TIMEOUT || e.reason() == Reason.UNREACHABLE
                    ? ErrorCode.SECRET_MANAGER_CONNECTION_FAILED : ErrorCode.SECRET_MANAGER_WRITE_FAILED;
            throw SecretManagerException.builder(code, e.reason()).message(e.getMessage()).cause(e.getCause()).build();
        }
    }

    /** A failed op run as a write failure; op's words are scrubbed of the credential and of every value written. */
    private SecretManagerException failure(String what, String stderr, Collection<String> values) {
        OpErrors.Kind kind = OpErrors.classify(stderr);
        String said = scrubber.scrub(stderr, values);
        return switch (kind) {
            case AUTHENTICATION -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("1Password rejected the service account token (" + what + "); check serviceAccountToken. op said: " + said).build();
            case UNREACHABLE -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                    .message("op could not reach 1Password (" + what + "). op said: " + said).build();
            case THROTTLED -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.THROTTLED)
                    .message("1Password rate-limited the service account (" + what + "); service accounts have hourly write "
                            + "limits per token and daily limits per account. op said: " + said).build();
            case ACCESS_DENIED -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                    .message("The service account may not write here (" + what + "); give it read_items and write_items on "
                            + "writeVault. op said: " + said).build();
            case NOT_FOUND -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.NOT_FOUND)
                    .message("Not found (" + what + "): check writeVault and that the vault is shared with the service account. "
                            + "op said: " + said).build();
            default -> SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("op failed (" + what + "). op said: " + said).build();
        };
    }

    private static Path privateDirectory() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new IOException("no POSIX file permissions on this file system");
        }
        return Files.createTempDirectory("secretref-op-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the OS removes temporary files eventually; the file was 0600 in a 0700 directory
        }
    }

    @Override
    public String toString() { return "CliItemWriter[writeVault=" + vault.orElse("(none)") + ", " + runner + "]"; }
}
