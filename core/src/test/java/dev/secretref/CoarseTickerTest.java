package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shared coarse clock: what it publishes, and that its thread lives exactly while resolvers use it. No sleeps. */
final class CoarseTickerTest {

    @Test
    void aTickPublishesTheSourcesTimeAndReadsInBetweenSeeTheLastTick() {
        AtomicLong source = new AtomicLong(100);
        CoarseTicker clock = new CoarseTicker(source::get);
        assertThat(clock.read()).isEqualTo(100);
        source.set(250);
        assertThat(clock.read()).as("no tick yet: the last published time").isEqualTo(100);
        clock.tick();
        assertThat(clock.read()).isEqualTo(250);
    }

    @Test
    void theSharedClockThreadRunsWhileResolversUseItAndStopsWithTheLast() throws Exception {
        int before = CoarseTicker.users();
        SecretResolver a = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("k", "v"))).build();
        SecretResolver b = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("k", "v"))).build();
        SecretResolver injected = SecretResolver.builder().ticker(new FakeTicker()).build();
        assertThat(CoarseTicker.users()).as("a resolver with its own ticker does not use the clock").isEqualTo(before + 2);
        Thread clockThread = CoarseTicker.thread();
        assertThat(clockThread).isNotNull();
        assertThat(clockThread.isAlive()).isTrue();
        assertThat(clockThread.isDaemon()).isTrue();

        a.close();
        b.close();
        b.close();   // idempotent: releases once
        injected.close();

        assertThat(CoarseTicker.users()).isEqualTo(before);
        if (before == 0) {
            clockThread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(clockThread.isAlive()).isFalse();
            assertThat(CoarseTicker.thread()).isNull();
        }
    }
}
