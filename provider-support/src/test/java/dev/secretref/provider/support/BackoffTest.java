package dev.secretref.provider.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Full jitter: uniform in [0, min(cap, base × 2^(n-1))], as the javadoc says. */
final class BackoffTest {
    /** Always the largest (or the smallest) value the bound allows. */
    private static RandomGenerator extreme(boolean max) {
        return new RandomGenerator() {
            @Override
            public long nextLong() { return 0; }

            @Override
            public long nextLong(long bound) { return max ? bound - 1 : 0; }
        };
    }

    @Test
    void theCeilingDoublesUpToTheCap() {
        Backoff b = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(2));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.ceiling(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.ceiling(500)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delaysSpanFromZeroToTheCeilingInclusive() {
        assertThat(Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(2), extreme(false)).delay(3)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(2), extreme(true)).delay(3)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void realRandomDelaysStayInsideTheBound() {
        Backoff b = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1));
        boolean sawLowerHalf = false;
        for (int i = 0; i < 2_000; i++) {
            Duration d = b.delay(2);
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200));
            sawLowerHalf |= d.toMillis() < 100;
        }
        assertThat(sawLowerHalf).as("full jitter reaches below half the ceiling (equal jitter never does)").isTrue();
    }
}
