package dev.secretref.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CredentialStoreExampleTest {
    @Test
    void credentialsFollowTheirEnvironmentsVaultAndMoveWhenTheRoutingChanges(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();

        CredentialStoreExample.Outcome o = CredentialStoreExample.run(dir, log::add);

        assertThat(o.placedIn()).isEqualTo(Map.of("acme-production", "eu-vault", "acme-staging", "us-vault",
                "acme-development", "local"));
        assertThat(o.movedTo()).isEqualTo(Map.of("acme-production", "us-vault", "acme-staging", "us-vault",
                "acme-development", "local"));
        assertThat(o.total()).isEqualTo(1);
        assertThat(o.moved()).isEqualTo(1);
        assertThat(o.allReadable()).isTrue();
        assertThat(String.join("\n", log)).contains("{{eu-vault|ap_sep_v1|acme-production/client_secret}}")
                .contains(": done").doesNotContain("cs-production-4f9a").doesNotContain("rt-");
    }
}
