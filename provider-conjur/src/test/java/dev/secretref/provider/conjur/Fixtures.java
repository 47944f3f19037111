package dev.secretref.provider.conjur;

import dev.secretref.Ticker;
import dev.secretref.provider.support.ProviderHttp;
import dev.secretref.spi.ProviderConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds providers against a {@link FakeConjur} with fast retries and a hand-driven clock. */
final class Fixtures {
    static final String ACCOUNT = "myorg";
    static final String LOGIN = "host/apps/my-service";
    static final String API_KEY = "3ahcddy39rcxzh3ggac4cwk3j2r8pqwdg33059y835ys2rh2kzs2a";
    static final ProviderHttp.Retry FAST_RETRY = ProviderHttp.Retry.of(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));

    private Fixtures() { }

    static FakeConjur fake() {
        return FakeConjur.start(ACCOUNT, LOGIN, API_KEY);
    }

    static Map<String, Object> config(String url) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("url", url);
        c.put("organizationAccountName", ACCOUNT);
        c.put("loginId", LOGIN);
        c.put("apiKey", API_KEY);
        c.put("readTimeout", "5s");
        return c;
    }

    static ProviderConfig providerConfig(Map<String, ?> config) {
        return ProviderConfig.of("conjur-test", new ConjurProviderFactory().descriptor(), config);
    }

    static ConjurSecretProvider provider(FakeConjur fake) {
        return provider(config(fake.url()), new dev.secretref.testkit.FakeTicker(), ConjurUrls.MAX_URL_LENGTH);
    }

    static ConjurSecretProvider provider(Map<String, ?> config, Ticker ticker, int maxUrlLength) {
        return ConjurProviderFactory.create(providerConfig(config), FAST_RETRY, ticker, maxUrlLength);
    }

}
