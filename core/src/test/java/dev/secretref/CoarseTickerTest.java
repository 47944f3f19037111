package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class CoarseTickerTest {
    private static boolean clockThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("secretref-clock") && t.isAlive());
    }

    @Test
    void theSharedClockAdvancesWhileResolversUseItAndStopsWithTheLast() throws Exception {
        int before = CoarseTicker.users();
        SecretResolver a = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("k", "v"))).build();
        SecretResolver b = SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("k", "v"))).build();
        SecretResolver injected = SecretResolver.builder().ticker(new FakeTicker()).build();
        assertThat(CoarseTicker.users()).isEqualTo(before + 2);
        assertThat(clockThreadAlive()).isTrue();
        CoarseTicker clock = CoarseTicker.acquire();
        long t0 = clock.read();
        Thread.sleep(5 * CoarseTicker.TICK_MILLIS);
        assertThat(clock.read()).isGreaterThan(t0);
        clock.release();
        a.close();
        b.close();
        b.close();   // idempotent: releases once
        injected.close();
        assertThat(CoarseTicker.users()).isEqualTo(before);
        if (before == 0) {
            for (int i = 0; i < 100 && clockThreadAlive(); i++) Thread.sleep(10);
            assertThat(clockThreadAlive()).isFalse();
        }
    }
}
