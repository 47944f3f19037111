package dev.secretref.cli;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import dev.secretref.spi.SecretWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A test provider ({@code filestore}) keeping each written field as the file {@code <dir>/<name>/<field>}, so a
 * {@code put} in one CLI run can be read back by {@code resolve} in the next. Registered for the tests only.
 */
public final class FileStoreProviderFactory implements SecretProviderFactory {
    @Override
    public String id() { return "filestore"; }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.of("filestore", "Files in a directory (tests)",
                java.util.List.of(Field.required("dir", "Directory", "Where the files live"),
                        Field.optional("readOnly", "Read only", "true: no writer")), "name/field", "conn-1/token");
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        Path dir = Path.of(config.require("dir"));
        boolean readOnly = config.bool("readOnly", false);
        return new SecretProvider() {
            @Override
            public String fetch(String path) {
                try {
                    return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw SecretManagerException.notFound(path, "no file for this path");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void checkConnection() { }

            @Override
            public Optional<SecretWriter> writer() {
                if (readOnly) return Optional.empty();
                return Optional.of(new SecretWriter() {
                    @Override
                    public Map<String, String> write(String name, Map<String, String> fields) {
                        SecretWriter.requireValidName(name);
                        if (fields.containsKey("denied")) {
                            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                                    .message("the store refused the write").build();
                        }
                        Map<String, String> paths = new LinkedHashMap<>();
                        try {
                            delete(name);
                            Files.createDirectories(dir.resolve(name));
                            for (Map.Entry<String, String> f : fields.entrySet()) {
                                Files.writeString(dir.resolve(name).resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                                paths.put(f.getKey(), name + "/" + f.getKey());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return paths;
                    }

                    @Override
                    public void delete(String name) {
                        Path d = dir.resolve(SecretWriter.requireValidName(name));
                        if (!Files.exists(d)) return;
                        try (Stream<Path> all = Files.walk(d)) {
                            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            }
        };
    }
}
