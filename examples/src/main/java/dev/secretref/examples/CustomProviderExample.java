package dev.secretref.examples;

import dev.secretref.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Using the custom provider of {@link PropertiesFileProviderFactory}: once its jar (here, this module) is on
 * the class path, its id works in a manager definition like any built-in provider's.
 */
public final class CustomProviderExample {
    private CustomProviderExample() { }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("secretref-example", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "# secrets for local development\ndb.password=s3cr3t\nsmtp.password=hunter2\n");
        try {
            System.out.println("db url = " + Redacted.of(run(file)));
        } finally {
            Files.delete(file);
            Files.delete(dir);
        }
    }

    static String run(Path secretsFile) {
        try (SecretResolver resolver = SecretResolver.builder()
                .manager("local", "properties-file", Map.of("file", secretsFile.toString()))
                .build()) {
            return resolver.resolveString("jdbc:postgresql://localhost/app?user=app&password={{local|ap_sep_v1|db.password}}");
        }
    }
}
