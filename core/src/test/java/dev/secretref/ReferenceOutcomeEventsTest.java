package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-reference outcome events ({@code onResolved}, {@code onDenied}, {@code onResolveFailed}) and listeners
 * added to a built resolver ({@link SecretResolver#addListener}).
 */
final class ReferenceOutcomeEventsTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountingProvider store = new CountingProvider(
            new InMemorySecretProvider(Map.of("app/a", "va", "app/b", "vb", "other/x", "vx")));
    private SecretResolver resolver;

    private final SecretResolverListener recorder = new SecretResolverListener() {
        @Override
        public void onResolved(String manager, String path, ResolutionContext context) {
            events.add("resolved " + manager + " " + path + " " + context.projectId().orElse("-"));
        }

        @Override
        public void onDenied(String manager, String path, ResolutionContext context, SecretManagerException error) {
            events.add("denied " + manager + " " + path + " " + context.projectId().orElse("-") + " " + error.reason());
        }

        @Override
        public void onResolveFailed(String manager, String path, ResolutionContext context, SecretManagerException error) {
            events.add("failed " + manager + " " + path + " " + context.projectId().orElse("-") + " " + error.reason());
        }
    };

    @AfterEach
    void close() {
        if (resolver != null) resolver.close();
    }

    private SecretResolver build(SecretResolver.Builder b) {
        resolver = b.build();
        return resolver;
    }

    @Test
    void everyDistinctReferenceOfASuccessfulCallIsReportedResolvedWithTheCallersProject() {
        build(SecretResolver.builder().provider("m", store).listener(recorder));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("a", "{{m|ap_sep_v1|app/a}}");
        cfg.put("again", "x-{{m|ap_sep_v1|app/a}}");
        cfg.put("b", "{{m|ap_sep_v1|app/b}}");

        resolver.resolve(cfg, ResolutionContext.project("p1"));

        assertThat(events).containsExactlyInAnyOrder("resolved m app/a p1", "resolved m app/b p1");
    }

    @Test
    void aCachedSingleReferenceIsStillReportedResolvedEachTime() {
        build(SecretResolver.builder().provider("m", store).listener(recorder));

        resolver.resolveString("{{m|ap_sep_v1|app/a}}");
        resolver.resolveString("{{m|ap_sep_v1|app/a}}");    // the fresh-hit fast path

        assertThat(events).containsExactly("resolved m app/a -", "resolved m app/a -");
        assertThat(store.calls()).isEqualTo(1);
    }

    @Test
    void aManagerOutsideTheCallersScopeIsReportedDeniedWithoutAStoreCall() {
        build(SecretResolver.builder().provider("team", store, Scope.projects("p1")).listener(recorder));

        assertThatThrownBy(() -> resolver.resolveString("{{team|ap_sep_v1|app/a}}", ResolutionContext.project("p2")))
                .isInstanceOf(SecretManagerException.class);
        assertThatThrownBy(() -> resolver.resolve(Map.of("k", "{{team|ap_sep_v1|app/b}}")))
                .isInstanceOf(SecretManagerException.class);

        assertThat(events).containsExactly("denied team app/a p2 SCOPE_DENIED", "denied team app/b - SCOPE_DENIED");
        assertThat(store.calls()).isZero();
    }

    @Test
    void aPathOutsideTheAllowListIsReportedDenied() {
        build(SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "custom", Map.of()).allowPaths("app/*"), store).listener(recorder));

        assertThatThrownBy(() -> resolver.resolveString("{{m|ap_sep_v1|other/x}}")).isInstanceOf(SecretManagerException.class);

        assertThat(events).containsExactly("denied m other/x - SCOPE_DENIED");
        assertThat(store.calls()).isZero();
    }

    @Test
    void aFailingReferenceIsReportedFailedAndNoReferenceOfThatCallIsReportedResolved() {
        build(SecretResolver.builder().provider("m", store).listener(recorder));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("a", "{{m|ap_sep_v1|app/a}}");
        cfg.put("missing", "{{m|ap_sep_v1|app/missing}}");

        assertThatThrownBy(() -> resolver.resolve(cfg)).isInstanceOf(SecretManagerException.class);
        assertThatThrownBy(() -> resolver.resolveString("{{m|ap_sep_v1|app/gone}}", ResolutionContext.project("p1")))
                .isInstanceOf(SecretManagerException.class);

        assertThat(events).containsExactly("failed m app/missing - NOT_FOUND", "failed m app/gone p1 NOT_FOUND");
    }

    @Test
    void aListenerAddedToABuiltResolverGetsEventsUntilItsRegistrationIsClosed() {
        build(SecretResolver.builder().provider("m", store));
        resolver.resolveString("{{m|ap_sep_v1|app/a}}");
        assertThat(events).isEmpty();

        SecretResolverListener.Registration registration = resolver.addListener(recorder);
        resolver.resolveString("{{m|ap_sep_v1|app/b}}");
        registration.close();
        registration.close();                                // idempotent
        resolver.resolveString("{{m|ap_sep_v1|app/b}}");

        assertThat(events).containsExactly("resolved m app/b -");
    }

    @Test
    void aListenerAddedLaterThatThrowsCannotBreakResolution() {
        build(SecretResolver.builder().provider("m", store));
        resolver.addListener(new SecretResolverListener() {
            @Override
            public void onResolved(String manager, String path, ResolutionContext context) {
                throw new IllegalStateException("broken listener");
            }
        });

        assertThat(resolver.resolveString("{{m|ap_sep_v1|app/a}}")).isEqualTo("va");
        assertThat(resolver.resolveString("{{m|ap_sep_v1|app/a}}")).isEqualTo("va");
    }
}
