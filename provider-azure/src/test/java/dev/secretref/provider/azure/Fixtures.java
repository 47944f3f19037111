package dev.secretref.provider.azure;

import dev.secretref.spi.ProviderConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/** Configs and providers against a {@link FakeKeyVault}. */
final class Fixtures {
    /** The wall clock the provider sees: the fake's "now". */
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() { }

    /** A service-principal config for {@code fake}, trusting its test CA, without retry pauses worth waiting for. */
    static Map<String, Object> config(FakeKeyVault fake) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("vaultUrl", fake.url());
        c.put("tenantId", FakeKeyVault.TENANT);
        c.put("clientId", FakeKeyVault.CLIENT_ID);
        c.put("clientSecret", FakeKeyVault.CLIENT_SECRET);
        c.put("authorityHost", fake.url());
        c.put("caCertificate", FakeKeyVault.CERTIFICATES.caCertificatePem());
        c.put("disableChallengeResourceVerification", "true");
        c.put("connectTimeout", "5s");
        c.put("readTimeout", "10s");
        return c;
    }

    static ProviderConfig providerConfig(Map<String, Object> config) {
        return ProviderConfig.of("kv", new AzureProviderFactory().descriptor(), config);
    }

    static AzureSecretProvider provider(FakeKeyVault fake) {
        return provider(config(fake));
    }

    /** A provider created without a resolver context (its own threads). */
    static AzureSecretProvider provider(Map<String, Object> config) {
        return AzureProviderFactory.create(providerConfig(config), null, CLOCK, d -> { });
    }

    /** A provider fanning out on {@code executor}, as the resolver creates it. */
    static AzureSecretProvider provider(Map<String, Object> config, Executor executor) {
        return provider(config, new TestContext(executor));
    }

    static AzureSecretProvider provider(Map<String, Object> config, TestContext context) {
        return AzureProviderFactory.create(providerConfig(config), context, CLOCK, d -> { });
    }
}
