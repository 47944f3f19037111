package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.ProviderContext;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link SecretProviderFactory#create(ProviderConfig, ProviderContext)} receives, and what a failing build releases. */
final class ProviderContextTest {
    static final AtomicReference<ProviderContext> LAST = new AtomicReference<>();
    static final String TOKEN = "s.obtained-login-token-7731";

    /** A provider id "probe": remembers its context; every fetch fails with a message that quotes the obtained token. */
    public static final class ProbeFactory implements SecretProviderFactory {
        @Override public String id() { return "probe"; }

        @Override public ProviderDescriptor descriptor() {
            return ProviderDescriptor.of("probe", "Probe", List.of(), "any", "x");
        }

        @Override public SecretProvider create(ProviderConfig config) {
            throw new AssertionError("the resolver must call create(config, context)");
        }

        @Override public SecretProvider create(ProviderConfig config, ProviderContext context) {
            LAST.set(context);
            context.scheduler();   // starts the shared scheduler, as a token renewer would
            return new SecretProvider() {
                @Override public String fetch(String path) {
                    throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                            .message("store rejected X-Vault-Token: " + TOKEN).build();
                }
                @Override public void checkConnection() { }
            };
        }
    }

    private static URLClassLoader withProbe(Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/dev.secretref.spi.SecretProviderFactory");
        Files.createDirectories(services.getParent());
        Files.writeString(services, ProbeFactory.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProviderContextTest.class.getClassLoader());
    }

    @Test
    void theProviderGetsTheResolversClockAndThreadsAndObtainedCredentialsAreMasked(@TempDir Path dir) throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (URLClassLoader loader = withProbe(dir);
             SecretResolver r = SecretResolver.builder().classLoader(loader).ticker(ticker).manager("v", "probe", Map.of()).build()) {
            ProviderContext ctx = LAST.get();
            assertThat(ctx.ticker()).isSameAs(ticker);
            assertThat(ctx.scheduler()).isSameAs(ctx.scheduler());

            SecretManagerException before = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString("{{v|ap_sep_v1|a}}"));
            assertThat(before.getMessage()).contains(TOKEN);       // not declared yet: the provider's own fault

            ctx.credentialObtained(TOKEN);
            r.invalidate("v");
            SecretManagerException after = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString("{{v|ap_sep_v1|a}}"));
            assertThat(after.getMessage()).doesNotContain(TOKEN).contains("██");

            ctx.credentialDiscarded(TOKEN);
            r.invalidate("v");
            assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.resolveString("{{v|ap_sep_v1|a}}")).getMessage())
                    .contains(TOKEN);
        }
    }

    @Test
    void closingTheResolverStopsTheSharedScheduler(@TempDir Path dir) throws Exception {
        ScheduledExecutorService scheduler;
        try (URLClassLoader loader = withProbe(dir)) {
            SecretResolver r = SecretResolver.builder().classLoader(loader).manager("v", "probe", Map.of()).build();
            scheduler = LAST.get().scheduler();
            ScheduledFuture<?> renewal = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
            r.close();
            assertThat(renewal.isCancelled() || scheduler.isShutdown()).isTrue();
        }
        assertThat(scheduler.isShutdown()).isTrue();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingBuildReleasesEveryThreadAndClockItStarted(@TempDir Path dir) throws Exception {
        int clockUsers = CoarseTicker.users();
        Set<Thread> before = secretrefThreads();
        try (URLClassLoader loader = withProbe(dir)) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> SecretResolver.builder()
                    .classLoader(loader)
                    .manager("ok", "probe", Map.of())                       // starts the scheduler
                    .manager("bad", "memory", Map.of("nope", "x"))          // unknown key: the build fails
                    .build());
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
            assertThat(catchThrowableOfType(IllegalStateException.class, () -> LAST.get().scheduler()))
                    .as("the runtime of the failed build is closed").isNotNull();
        }
        assertThat(CoarseTicker.users()).isEqualTo(clockUsers);
        for (Thread t : secretrefThreads()) {
            if (!before.contains(t)) t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(secretrefThreads()).allMatch(before::contains);
    }

    private static Set<Thread> secretrefThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("secretref-") && t.isAlive())
                .collect(Collectors.toSet());
    }
}
