package dev.secretref.examples;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.ProviderDescriptor.Field;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A custom provider in about 30 lines: secrets from a {@code .properties} file (provider id
 * {@code properties-file}). Registered in {@code META-INF/services/dev.secretref.spi.SecretProviderFactory};
 * see {@link CustomProviderExample}. The resolver validates the config against {@link #descriptor()},
 * caches values, batches and scrubs messages, so the provider only reads.
 */
public final class PropertiesFileProviderFactory implements SecretProviderFactory {
    @Override
    public String id() { return "properties-file"; }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.of("properties-file", "Java properties file",
                List.of(Field.required("file", "File", "Path of a UTF-8 .properties file holding the secrets")),
                "a key of the file", "db.password");
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        return new PropertiesFileProvider(Path.of(config.require("file")));   // no I/O here: the file is read on use
    }

    private record PropertiesFileProvider(Path file) implements SecretProvider {
        @Override
        public String fetch(String path) {
            String value = read(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED).getProperty(path);
            if (value == null) throw SecretManagerException.notFound(path, "No key '" + path + "' in " + file.getFileName());
            return value;
        }

        @Override
        public void checkConnection() { read(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED); }

        @Override
        public void validatePath(String path) {
            if (path.isBlank() || path.contains("\n")) {
                throw SecretManagerException.validation(Reason.INVALID_REFERENCE, "A properties key must be one non-blank line");
            }
        }

        @Override
        public List<SecretInfo> list(String prefix) {
            return read(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED).stringPropertyNames().stream()
                    .filter(k -> k.startsWith(prefix)).sorted().map(SecretInfo::of).toList();
        }

        private Properties read(ErrorCode code) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(in);
                return p;
            } catch (IOException e) {
                throw SecretManagerException.builder(code, Reason.UNREACHABLE)
                        .message("Cannot read " + file + " (" + e.getClass().getSimpleName() + "): check the path and its permissions").build();
            }
        }
    }
}
