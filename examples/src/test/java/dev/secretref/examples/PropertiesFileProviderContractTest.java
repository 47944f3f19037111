package dev.secretref.examples;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.SecretProviderContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;

/** The custom provider keeps the same contract as the built-in ones: one small subclass of the testkit's kit. */
final class PropertiesFileProviderContractTest extends SecretProviderContractTest {
    private final PropertiesFileProviderFactory factory = new PropertiesFileProviderFactory();

    @TempDir Path dir;

    @Override
    protected String providerId() { return "properties-file"; }

    @Override
    protected String pathFor(String name) { return "contract." + name; }

    @Override
    protected String listPrefix() { return "contract."; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        Path file = dir.resolve("secrets.properties");
        Properties p = new Properties();
        p.putAll(secrets);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return create(file);
    }

    @Override
    protected SecretProvider unreachableProvider() { return create(dir.resolve("does-not-exist.properties")); }

    @Override
    protected List<String> malformedPaths() { return List.of("", "two\nlines"); }

    private SecretProvider create(Path file) {
        return factory.create(ProviderConfig.of("contract", factory.descriptor(), Map.of("file", file.toString())));
    }
}
