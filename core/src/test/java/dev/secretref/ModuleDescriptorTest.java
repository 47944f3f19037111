package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the core module exports and provides: the API, the SPI and sync, nothing of its engine. */
final class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws IOException {
        Path classes = Path.of(SecretResolver.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsOnlyTheApiTheSpiAndSync() throws IOException {
        ModuleDescriptor d = descriptor();
        assertThat(d.name()).isEqualTo("dev.secretref");
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .isEqualTo(Set.of("dev.secretref", "dev.secretref.spi", "dev.secretref.sync"));
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void usesAndProvidesTheProviderFactory() throws IOException {
        ModuleDescriptor d = descriptor();
        assertThat(d.uses()).containsExactly("dev.secretref.spi.SecretProviderFactory");
        assertThat(d.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("dev.secretref.spi.SecretProviderFactory");
            assertThat(p.providers()).containsExactlyInAnyOrder(
                    "dev.secretref.internal.providers.MemoryProviderFactory",
                    "dev.secretref.internal.providers.EnvProviderFactory");
        });
    }
}
