package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SyncSpaceSecretsTest {
    @Test
    void exampleSyncsTheSpaceReportsTheRotationAndShowsOnlyMasks() {
        var lines = SyncSpaceSecrets.run();

        assertThat(lines).containsExactly(
                "changed: added [api_token, webhook_secret], changed [], removed []",
                "flows see: [api_token, webhook_secret]",
                "changed: added [], changed [api_token], removed []",
                "api_token = ••••••",
                "webhook_secret = ••••••",
                "status: 2 secrets, next sync scheduled: true");
        assertThat(String.join("\n", lines)).doesNotContain("tok-live", "whsec-", "not-this-space");
    }
}
