package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretResolver.Builder#sharedCacheDisconnectedTtl}: while the shared cache says this node may be missing
 * other nodes' invalidations, a local entry older than the cap is reloaded (issue 17). Each test plays a missed
 * invalidation: the store and the shared cache change behind this node's back, with no message reaching it.
 */
final class SharedCacheDisconnectedTtlTest {
    private static final String PATH = "db/password";
    private static final String REF = "{{m|ap_sep_v1|" + PATH + "}}";
    private static final Duration TTL = Duration.ofMinutes(3);

    /** A shared cache whose liveness the test sets; it may also throw from {@link #invalidationsLive()}. */
    private static final class TogglingSharedCache extends FakeSharedCache {
        volatile boolean live = true;
        volatile RuntimeException liveFailure;

        @Override
        public boolean invalidationsLive() {
            RuntimeException f = liveFailure;
            if (f != null) throw f;
            return live;
        }
    }

    private final TogglingSharedCache shared = new TogglingSharedCache();
    private final InMemorySecretProvider store = new InMemorySecretProvider(Map.of(PATH, "v1"));
    private final CountingProvider counting = new CountingProvider(store);
    private final FakeTicker ticker = new FakeTicker();
    private final List<SecretResolver> opened = new ArrayList<>();

    private SecretResolver node(Duration disconnectedTtl) {
        SecretResolver.Builder b = SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "memory", Map.of()).cachePolicy(CachePolicy.defaults().withTtl(TTL)), counting)
                .executor(Runnable::run)
                .ticker(ticker)
                .sharedCache(shared);
        if (disconnectedTtl != null) b.sharedCacheDisconnectedTtl(disconnectedTtl);
        SecretResolver r = b.build();
        opened.add(r);
        return r;
    }

    /** Another node changed the secret and invalidated it; the message did not reach this node. */
    private void changedBehindOurBack(String value) {
        store.put(PATH, value);
        shared.values.clear();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    @Test
    void anEntryOlderThanTheCapIsReloadedOnlyWhileInvalidationsAreNotLive() {
        SecretResolver r = node(null);
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        changedBehindOurBack("v2");

        ticker.advance(Duration.ofSeconds(6));
        assertThat(r.resolveString(REF)).as("connected: the local entry lives its ttl").isEqualTo("v1");
        assertThat(counting.calls()).isEqualTo(1);

        shared.live = false;
        assertThat(r.resolveString(REF)).as("disconnected: older than 5 s, reloaded").isEqualTo("v2");
        assertThat(counting.calls()).isEqualTo(2);

        changedBehindOurBack("v3");
        ticker.advance(Duration.ofSeconds(4));
        assertThat(r.resolveString(REF)).as("disconnected but younger than 5 s: served").isEqualTo("v2");
        assertThat(counting.calls()).isEqualTo(2);

        shared.live = true;
        ticker.advance(Duration.ofSeconds(10));
        assertThat(r.resolveString(REF)).as("connected again: ttl applies").isEqualTo("v2");
        assertThat(counting.calls()).isEqualTo(2);
    }

    @Test
    void theReloadAsksTheSharedCacheBeforeTheStore() {
        SecretResolver r = node(null);
        r.resolveString(REF);
        shared.values.put("m\u0000" + PATH, "from-shared");
        shared.live = false;
        ticker.advance(Duration.ofSeconds(5));
        assertThat(r.resolveString(REF)).isEqualTo("from-shared");
        assertThat(counting.calls()).as("no second store call").isEqualTo(1);
    }

    @Test
    void batchLookupsAreCappedToo() {
        store.put("other", "o1");
        SecretResolver r = node(null);
        assertThat(r.resolve(Map.of("a", REF, "b", "{{m|ap_sep_v1|other}}"))).containsEntry("a", "v1");
        changedBehindOurBack("v2");
        shared.live = false;
        ticker.advance(Duration.ofSeconds(6));
        assertThat(r.resolve(Map.of("a", REF, "b", "{{m|ap_sep_v1|other}}")))
                .containsEntry("a", "v2").containsEntry("b", "o1");
        assertThat(counting.calls()).as("one load, one reload of both").isEqualTo(2);
    }

    @Test
    void theCapIsConfigurable() {
        SecretResolver r = node(Duration.ofSeconds(30));
        r.resolveString(REF);
        changedBehindOurBack("v2");
        shared.live = false;
        ticker.advance(Duration.ofSeconds(29));
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(r.resolveString(REF)).isEqualTo("v2");
    }

    @Test
    void aFailedReloadWhileDisconnectedServesTheValueWithinItsTtl() {
        SecretResolver r = node(null);
        r.resolveString(REF);
        shared.values.clear();
        shared.live = false;
        ticker.advance(Duration.ofSeconds(6));
        counting.failWith(SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.UNREACHABLE)
                .message("store down").build());
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(counting.calls()).as("the reload was tried").isEqualTo(2);
    }

    @Test
    void aThrowingLivenessCountsAsLive() {
        SecretResolver r = node(null);
        r.resolveString(REF);
        changedBehindOurBack("v2");
        shared.live = false;
        shared.liveFailure = new IllegalStateException("broken");
        ticker.advance(Duration.ofSeconds(6));
        assertThat(r.resolveString(REF)).isEqualTo("v1");
        assertThat(counting.calls()).isEqualTo(1);
    }

    @Test
    void withoutASharedCacheNothingIsCapped() {
        SecretResolver r = SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "memory", Map.of()).cachePolicy(CachePolicy.defaults().withTtl(TTL)), counting)
                .executor(Runnable::run).ticker(ticker).sharedCacheDisconnectedTtl(Duration.ofSeconds(1)).build();
        opened.add(r);
        r.resolveString(REF);
        ticker.advance(Duration.ofSeconds(60));
        r.resolveString(REF);
        assertThat(counting.calls()).isEqualTo(1);
    }

    @Test
    void theCapMustBePositiveAndSetOnce() {
        assertThatThrownBy(() -> SecretResolver.builder().sharedCacheDisconnectedTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretResolver.builder().sharedCacheDisconnectedTtl(Duration.ofSeconds(1))
                .sharedCacheDisconnectedTtl(Duration.ofSeconds(2))).isInstanceOf(IllegalStateException.class);
    }
}
