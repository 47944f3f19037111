package dev.secretref.provider.composio;

import dev.secretref.Ticker;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.testkit.FakeTicker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds providers against a {@link FakeComposio} with fast retries and a hand-driven clock (testkit's {@link FakeTicker}). */
final class Fixtures {
    static final String API_KEY = "ak_Qm8vT3xLp2Rk9Wz4Yc7Nd1Fh";
    /** Two attempts like production, but with millisecond backoff. */
    static final ProviderHttp.Retry FAST_RETRY = ProviderHttp.Retry.of(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5));

    private Fixtures() { }

    static Map<String, Object> config(String url) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("apiKey", API_KEY);
        c.put("baseUrl", url);
        c.put("readTimeout", "5s");
        return c;
    }

    static ProviderConfig providerConfig(Map<String, ?> config) {
        return ProviderConfig.of("composio-test", new ComposioProviderFactory().descriptor(), config);
    }

    static ComposioSecretProvider provider(FakeComposio fake) {
        return provider(config(fake.url()), new FakeTicker(), CredentialSink.NONE);
    }

    static ComposioSecretProvider provider(Map<String, ?> config, Ticker ticker, CredentialSink sink) {
        return ComposioProviderFactory.create(providerConfig(config), FAST_RETRY, ticker, sink);
    }
}
