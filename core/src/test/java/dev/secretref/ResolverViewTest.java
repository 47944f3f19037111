package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ResolverView}: a live, value-free view of managers, cache sizes and the shared cache's state. */
final class ResolverViewTest {
    private SecretResolver resolver;

    @AfterEach
    void close() {
        if (resolver != null) resolver.close();
    }

    @Test
    void cacheSizeFollowsLoadsAndInvalidationAndProviderIdIsTheDefinitions() {
        resolver = SecretResolver.builder()
                .provider("m", new InMemorySecretProvider(Map.of("a", "1", "b", "2")))
                .provider(ManagerDefinition.of("vault", "hashicorp", Map.of()), new InMemorySecretProvider())
                .build();
        ResolverView view = resolver.view();

        assertThat(view.cacheSize("m")).isEqualTo(OptionalLong.of(0));
        resolver.resolve(Map.of("x", "{{m|ap_sep_v1|a}}", "y", "{{m|ap_sep_v1|b}}"));
        assertThat(view.cacheSize("m")).isEqualTo(OptionalLong.of(2));
        resolver.invalidate("m", "a");
        assertThat(view.cacheSize("m")).isEqualTo(OptionalLong.of(1));

        assertThat(view.providerId("m")).contains("memory");
        assertThat(view.providerId("vault")).contains("hashicorp");
        assertThat(view.providerId("nope")).isEmpty();
        assertThat(view.cacheSize("nope")).isEmpty();
    }

    @Test
    void aManagerDefinedOrRemovedLaterShowsInAViewTakenBefore() {
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider()).build();
        ResolverView view = resolver.view();

        resolver.defineManager(ManagerDefinition.of("env", "env", Map.of()));
        assertThat(view.managerNames()).containsExactlyInAnyOrder("m", "env");
        resolver.removeManager("m");
        assertThat(view.managerNames()).containsExactly("env");
        assertThat(view.cacheSize("m")).isEmpty();
    }

    @Test
    void sharedCacheStateIsNoneWithoutOneAndFailingWhileItThrows() {
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("a", "1"))).build();
        assertThat(resolver.view().sharedCacheState()).isEqualTo(ResolverView.SharedCacheState.NONE);
        resolver.close();

        FakeSharedCache shared = new FakeSharedCache();
        resolver = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("a", "1", "b", "2")))
                .sharedCache(shared).build();
        assertThat(resolver.view().sharedCacheState()).isEqualTo(ResolverView.SharedCacheState.AVAILABLE);

        shared.failure = new IllegalStateException("redis down");
        resolver.resolveString("{{m|ap_sep_v1|a}}");
        assertThat(resolver.view().sharedCacheState()).isEqualTo(ResolverView.SharedCacheState.FAILING);

        shared.failure = null;
        resolver.resolveString("{{m|ap_sep_v1|b}}");
        assertThat(resolver.view().sharedCacheState()).isEqualTo(ResolverView.SharedCacheState.AVAILABLE);
    }
}
