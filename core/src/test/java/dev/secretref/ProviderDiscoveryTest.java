package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProviderDiscoveryTest {

    @Test
    void aBrokenProviderJarIsSkippedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/dev.secretref.spi.SecretProviderFactory");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "com.example.DoesNotExist\njava.lang.String\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            SecretResolver r = SecretResolver.builder().classLoader(loader)
                    .manager("m", "memory", Map.of("values", Map.of("k", "v"))).build();
            try {
                assertThat(r.resolveString("{{m|ap_sep_v1|k}}")).isEqualTo("v");
            } finally {
                r.close();
            }
        }
    }

    @Test
    void embeddedProvidersAreDescribed() {
        assertThat(SecretResolver.availableProviders()).anySatisfy(d -> {
            assertThat(d.id()).isEqualTo("env");
            assertThat(d.pathExample()).isEqualTo("DB_PASSWORD");
        });
    }

    @Test
    void envProviderReadsTheProcessEnvironment() {
        String name = System.getenv().keySet().stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*")).findFirst().orElseThrow();
        SecretResolver r = SecretResolver.builder().manager("env", "env", Map.of()).build();
        try {
            assertThat(r.resolveString("{{env|ap_sep_v1|" + name + "}}")).isEqualTo(System.getenv(name));
        } finally {
            r.close();
        }
    }
}
