package dev.secretref.provider.composio;

import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeTicker;
import dev.secretref.testkit.SecretProviderContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The provider contract kit, against {@link FakeComposio}: each secret is an ACTIVE API_KEY connected account whose
 * {@code state.val.api_key} holds the value, read through the default field.
 *
 * <p>The fake follows Composio's published API reference:
 * <ul>
 *   <li>Get connected account: https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccountsByNanoid
 *       (also https://docs.composio.dev/api-reference/connected-accounts/get-connected-accounts-by-nanoid): {@code x-api-key},
 *       response fields {@code toolkit.slug}, {@code auth_config.{id,auth_scheme,is_composio_managed,is_disabled}}, {@code id},
 *       {@code status} (INITIALIZING, INITIATED, ACTIVE, FAILED, EXPIRED, INACTIVE), {@code created_at}, {@code updated_at},
 *       {@code state.authScheme}, {@code state.val}, {@code status_reason}, {@code is_disabled}; errors 400/401/403/404/500/501
 *       in the envelope {@code {"error":{message,code,slug,status,request_id,suggested_fix,errors}}}.</li>
 *   <li>List connected accounts: https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccounts —
 *       {@code limit}, {@code cursor}, {@code order_by} (created_at | updated_at), {@code order_direction} (asc | desc);
 *       {@code {items, next_cursor, total_pages, current_page, total_items}}.</li>
 *   <li>{@code state.val} fields per scheme (OAUTH2 {@code access_token}, API_KEY {@code api_key}/{@code generic_api_key},
 *       BEARER_TOKEN {@code token}, BASIC {@code username}/{@code password}): ComposioHQ/composio
 *       ts/packages/core/src/types/connectedAccountAuthStates.types.ts.</li>
 *   <li>Rate limits: https://docs.composio.dev/reference/rate-limits — per organisation; headers {@code X-RateLimit},
 *       {@code X-RateLimit-Remaining}, {@code X-RateLimit-Window-Size}, {@code Retry-After} on 429, whose body is
 *       {@code {"message":"Rate limit exceeded. ..."}}.</li>
 *   <li>Masking: https://docs.composio.dev/docs/projects ({@code mask_secret_keys_in_connected_account},
 *       {@code PATCH /api/v3/org/project/config}), https://docs.composio.dev/docs/changelog/2026/04/22 (Composio-managed
 *       auth configs always redact tokens to the literal {@code "REDACTED"}), troubleshooting "Mask Connected Account
 *       Secrets" (Settings → Project Settings → Project Configuration).</li>
 *   <li>API keys: https://docs.composio.dev/reference/authenticating-to-composio (project key {@code x-api-key}, scoped
 *       project keys).</li>
 * </ul>
 */
final class ComposioProviderContractTest extends SecretProviderContractTest {
    private static final String WRONG_KEY = "ak_wrongWrongWrong7731";
    private final List<FakeComposio> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() {
        fakes.forEach(FakeComposio::close);
        fakes.forEach(f -> f.server().assertNoUnexpected());
        fakes.clear();
    }

    @Override
    protected String providerId() { return "composio"; }

    @Override
    protected String pathFor(String name) { return "ca_" + name; }

    @Override
    protected SecretProvider provider(Map<String, String> secrets) {
        FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
        fakes.add(fake);
        secrets.forEach((path, value) -> fake.put(path, "serpapi", "API_KEY", Map.of("api_key", value)));
        return Fixtures.provider(fake);
    }

    @Override
    protected SecretProvider unreachableProvider() {
        FakeComposio fake = FakeComposio.start(Fixtures.API_KEY);
        fakes.add(fake);
        Map<String, Object> config = Fixtures.config(fake.url());
        config.put("apiKey", WRONG_KEY);
        return Fixtures.provider(config, new FakeTicker(), CredentialSink.NONE);
    }

    @Override
    protected SecretProvider providerAt(String baseUrl) {
        return Fixtures.provider(Fixtures.config(baseUrl), new FakeTicker(), CredentialSink.NONE);
    }

    @Override
    protected String listPrefix() { return "ca_"; }

    @Override
    protected List<String> malformedPaths() {
        return List.of("", "   ", "ca_", "conn_abc", "ca_abc:", "ca_abc:a b", "ca abc", " ca_abc", "ca_abc/x", "a\nb");
    }

    @Override
    protected Set<String> credentials() { return Set.of(Fixtures.API_KEY, WRONG_KEY); }
}
