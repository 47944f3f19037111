package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.testkit.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Single-flight login, refresh-ahead, expiry, invalidation, failures not cached, credentials declared. */
final class RenewingTokenTest {
    private final FakeTicker ticker = new FakeTicker();
    private final RedactorTest.RecordingContext context = new RedactorTest.RecordingContext();
    private final Redactor redactor = Redactor.of(List.of(), context);

    /** Issues tok-1, tok-2, ... living 60 s, refreshed after 40 s; renewals when {@code renewable}. */
    private final class CountingSource implements RenewingToken.Source<String> {
        final AtomicInteger obtains = new AtomicInteger();
        final AtomicInteger renewals = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();
        volatile boolean renewable;
        volatile CountDownLatch gate;

        @Override
        public RenewingToken.Lease<String> obtain(long now) {
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing.get()) {
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                        .message("login refused").build();
            }
            return RenewingToken.Lease.of("tok-" + obtains.incrementAndGet(), now, Duration.ofSeconds(40), Duration.ofSeconds(60));
        }

        @Override
        public Optional<RenewingToken.Lease<String>> renew(RenewingToken.Lease<String> current, long now) {
            if (!renewable) return Optional.empty();
            renewals.incrementAndGet();
            return Optional.of(RenewingToken.Lease.of(current.token(), now, Duration.ofSeconds(40), Duration.ofSeconds(60)));
        }
    }

    private final CountingSource source = new CountingSource();
    private final RenewingToken<String> token = new RenewingToken<>(source, ticker, redactor, t -> t + "-secret");

    @Test
    void concurrentCallersShareOneLogin() throws Exception {
        source.gate = new CountDownLatch(1);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) got.add(pool.submit(token::get));
            while (pool.getActiveCount() < 8) Thread.onSpinWait();   // all eight callers are in get() while the login is held
            source.gate.countDown();
            for (Future<String> f : got) assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("tok-1");
        } finally {
            pool.shutdownNow();
        }
        assertThat(source.obtains.get()).isEqualTo(1);
        assertThat(context.events).containsExactly("+tok-1-secret");
    }

    @Test
    void pastTheRefreshTimeOneCallerRenewsOrLogsInAgain() {
        assertThat(token.get()).isEqualTo("tok-1");
        ticker.advance(Duration.ofSeconds(39));
        assertThat(token.get()).isEqualTo("tok-1");
        ticker.advance(Duration.ofSeconds(2));
        assertThat(token.get()).isEqualTo("tok-2");          // not renewable: a new login, the old one discarded
        assertThat(context.events).containsExactly("+tok-1-secret", "+tok-2-secret", "-tok-1-secret");
        source.renewable = true;
        ticker.advance(Duration.ofSeconds(41));
        assertThat(token.get()).isEqualTo("tok-2");
        assertThat(source.renewals.get()).isEqualTo(1);
        assertThat(source.obtains.get()).isEqualTo(2);
        assertThat(context.events).as("a renewal keeping the same token does not discard it")
                .containsExactly("+tok-1-secret", "+tok-2-secret", "-tok-1-secret", "+tok-2-secret");
    }

    @Test
    void aFailedRefreshKeepsTheTokenUntilItExpiresAndRetriesAfterAPause() {
        token.get();
        source.failing.set(true);
        ticker.advance(Duration.ofSeconds(45));
        assertThat(token.get()).isEqualTo("tok-1");
        assertThat(token.get()).isEqualTo("tok-1");
        ticker.advance(Duration.ofSeconds(20));              // expired now: callers must wait for a new one, which fails
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, token::get);
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
        source.failing.set(false);
        assertThat(token.get()).isEqualTo("tok-2");          // the failure was not cached
    }

    @Test
    void anInvalidatedTokenIsReplacedOnceAndAStaleInvalidationIsIgnored() {
        String first = token.get();
        token.invalidate(first);
        assertThat(token.get()).isEqualTo("tok-2");
        token.invalidate(first);                             // someone still holding tok-1: no effect
        assertThat(token.get()).isEqualTo("tok-2");
        assertThat(source.obtains.get()).isEqualTo(2);
        token.clear();
        assertThat(context.events).endsWith("-tok-2-secret");
    }

    @Test
    void aTokenThatLivesForeverIsNeverRefreshed() {
        RenewingToken<String> fixed = new RenewingToken<>(new RenewingToken.Source<>() {
            @Override
            public RenewingToken.Lease<String> obtain(long now) { return RenewingToken.Lease.forever("static"); }

            @Override
            public boolean canObtain() { return false; }
        }, ticker, redactor, t -> t);
        assertThat(fixed.get()).isEqualTo("static");
        ticker.advance(Duration.ofDays(400));
        assertThat(fixed.get()).isEqualTo("static");
    }
}
