package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.SecretInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** list, testConnection, invalidate and alias routing follow one rule and respect scopes (issues 12 and 13). */
final class ScopedOperationsTest {
    private final List<SecretResolver> opened = new ArrayList<>();

    private SecretResolver open(SecretResolver r) {
        opened.add(r);
        return r;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    @Test
    void listAndTestConnectionEnforceTheScope() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("a", "1")));
        SecretResolver r = open(SecretResolver.builder().provider("team", store, Scope.projects("p1")).build());
        for (ResolutionContext ctx : List.of(ResolutionContext.none(), ResolutionContext.project("p2"))) {
            assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.list("team", "", ctx)).reason())
                    .isEqualTo(Reason.SCOPE_DENIED);
            assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.testConnection("team", ctx)).reason())
                    .isEqualTo(Reason.SCOPE_DENIED);
        }
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.list("team")).reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.testConnection("team")).reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(store.checks.get()).as("no probe reached the store").isZero();

        ResolutionContext p1 = ResolutionContext.project("p1");
        assertThat(r.list("team", "", p1)).extracting(SecretInfo::path).containsExactly("a");
        assertThat(r.testConnection("team", p1).connected()).isTrue();
    }

    @Test
    void listLeavesOutNamesOutsideTheAllowList() {
        SecretResolver r = open(SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "memory", Map.of()).allowPaths("app/**"),
                        new InMemorySecretProvider(Map.of("app/x", "1", "app/y/z", "2", "other", "3")))
                .build());
        assertThat(r.list("m", "", ResolutionContext.none())).extracting(SecretInfo::path).containsExactly("app/x", "app/y/z");
        assertThat(r.list("m")).extracting(SecretInfo::path).containsExactly("app/x", "app/y/z");
    }

    @Test
    void invalidateAcceptsTheProviderIdAliasLikeTestConnection() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("k", "v1")));
        SecretResolver r = open(SecretResolver.builder().provider(ManagerDefinition.of("prod", "memory", Map.of()), store).build());
        assertThat(r.resolveString("{{memory|ap_sep_v1|k}}")).isEqualTo("v1");
        store.store.put("k", "v2");
        assertThat(r.testConnection("memory").connected()).isTrue();
        r.invalidate("memory");
        assertThat(r.resolveString("{{prod|ap_sep_v1|k}}")).isEqualTo("v2");
        store.store.put("k", "v3");
        r.invalidate("memory", "k");
        assertThat(r.resolveString("{{prod|ap_sep_v1|k}}")).isEqualTo("v3");
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.invalidate("nope")).reason())
                .isEqualTo(Reason.UNKNOWN_MANAGER);
    }

    @Test
    void anAmbiguousAliasNamesOnlyManagersTheCallerMaySee() {
        SecretResolver r = open(SecretResolver.builder()
                .provider(ManagerDefinition.of("pub", "memory", Map.of()), new InMemorySecretProvider())
                .provider(ManagerDefinition.of("t1", "memory", Map.of()).scope(Scope.projects("tenant-1")), new InMemorySecretProvider())
                .provider(ManagerDefinition.of("t2", "memory", Map.of()).scope(Scope.projects("tenant-2")), new InMemorySecretProvider())
                .build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.resolveString("{{memory|ap_sep_v1|k}}", ResolutionContext.project("tenant-1")));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MANAGER);
        assertThat(e.getMessage()).contains("pub").contains("t1").doesNotContain("t2");
        SecretManagerException none = catchThrowableOfType(SecretManagerException.class,
                () -> r.resolveString("{{memory|ap_sep_v1|k}}"));
        assertThat(none.getMessage()).contains("pub").doesNotContain("t1").doesNotContain("t2");
    }
}
