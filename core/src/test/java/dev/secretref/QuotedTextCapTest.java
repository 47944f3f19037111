package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.SecretProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 #7: a message quotes at most {@link SecretReference#MAX_QUOTED_LENGTH} characters of a path, manager
 * name or provider id taken from user input, then {@code …}; a 100,000-character input gives a short message.
 */
final class QuotedTextCapTest {
    private static final int LONG = 100_000;
    private static final int SHORT_MESSAGE = 2_000;

    private SecretResolver resolver;

    @AfterEach
    void close() {
        if (resolver != null) resolver.close();
    }

    private static SecretManagerException failure(Runnable r) {
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, r::run);
        assertThat(e).as("a SecretManagerException").isNotNull();
        return e;
    }

    @Test
    void anUnknownManagerNameIsCut() {
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("a", "A"))).build();
        String name = "n".repeat(LONG);

        SecretManagerException e = failure(() -> resolver.resolveString("{{" + name + "|ap_sep_v1|a}}"));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MANAGER);
        assertThat(e.getMessage()).hasSizeLessThan(SHORT_MESSAGE).contains("n".repeat(200) + "…");
    }

    @Test
    void anUnknownInMemoryPathIsCut() {
        String path = "p".repeat(LONG);

        SecretManagerException e = failure(() -> new InMemorySecretProvider(Map.of("a", "A")).fetch(path));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).hasSizeLessThan(SHORT_MESSAGE).contains("p".repeat(200) + "…");
    }

    @Test
    void anUnsetEnvironmentVariableNameIsCut() {
        String name = "E".repeat(LONG);

        SecretManagerException e = failure(() -> new EnvSecretProvider(Map.of()).fetch(name));

        assertThat(e.getMessage()).hasSizeLessThan(SHORT_MESSAGE).contains("E".repeat(200) + "…");
    }

    @Test
    void aProviderBugNamesAManagerAndPathCut() {
        SecretProvider broken = new SecretProvider() {
            @Override
            public String fetch(String path) { throw new IllegalStateException("boom"); }

            @Override
            public void checkConnection() { }
        };
        String manager = "m".repeat(LONG);
        String path = "q".repeat(LONG);
        resolver = SecretResolver.builder().provider(manager, broken).build();

        SecretManagerException e = failure(() -> resolver.resolveString("{{" + manager + "|ap_sep_v1|" + path + "}}"));

        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.getMessage()).hasSizeLessThan(SHORT_MESSAGE).contains("m".repeat(200) + "…").contains("q".repeat(200) + "…");
    }

    @Test
    void anUnknownProviderIdIsCut() {
        String id = "x".repeat(LONG);

        SecretManagerException e = failure(() -> SecretResolver.builder().manager("m", id, Map.of()).build());

        assertThat(e.getMessage()).hasSizeLessThan(SHORT_MESSAGE).contains("x".repeat(200) + "…");
    }
}
