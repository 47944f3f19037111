package dev.secretref.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.SecretReference;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmarks' inputs are what BENCHMARKS.md says they are. */
final class FixturesTest {

    @Test
    void theConfigurationHasTenThousandNodesAndOneThousandReferences() {
        JsonNode tree = ConfigTree.build(4);
        assertThat(ConfigTree.count(tree)).isEqualTo(10_000);
        assertThat(ConfigTree.references(tree)).isEqualTo(1_000);
        assertThat(ConfigTree.secrets(4).values().stream().mapToInt(Map::size).sum()).isEqualTo(1_000);
    }

    @Test
    void theParserTextIsOneMegabyteWithTenThousandReferences() {
        String text = ParserBenchmark.text(1_000_000);
        assertThat(text).hasSize(1_000_000);
        assertThat(SecretReference.findAll(text)).hasSize(10_000).doesNotHaveDuplicates();
    }

    @Test
    void aWarmAwsSecretCacheNeverCallsItsClient() {
        StubSecretsManagerClient client = new StubSecretsManagerClient(Map.of("prod/db", "v"));
        SecretCache cache = new SecretCache(client);
        assertThat(cache.getSecretString("prod/db")).isEqualTo("v");
        int warm = client.calls();
        for (int i = 0; i < 1_000; i++) assertThat(cache.getSecretString("prod/db")).isEqualTo("v");
        assertThat(warm).isEqualTo(2);                 // DescribeSecret + GetSecretValue, once
        assertThat(client.calls()).isEqualTo(warm);
        cache.close();
    }
}
