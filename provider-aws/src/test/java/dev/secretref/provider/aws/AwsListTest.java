package dev.secretref.provider.aws;

import static dev.secretref.provider.aws.FakeAws.awsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * list(prefix) through ListSecrets with a {@code name} filter, following NextToken
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html).
 */
final class AwsListTest {
    private final FakeAws fake = new FakeAws();
    private final SecretProvider provider = fake.provider();

    @AfterEach
    void tearDown() {
        provider.close();
        fake.close();
    }

    @Test
    void listFollowsPagesAndFiltersByNamePrefixReturningNamesOnly() {
        for (int i = 0; i < 7; i++) fake.put("team/s" + i, "value-" + i);
        fake.put("other/x", "value-x");
        fake.listPageSize(3);
        List<SecretInfo> got = provider.list("team/");
        assertThat(got).extracting(SecretInfo::path)
                .containsExactly("team/s0", "team/s1", "team/s2", "team/s3", "team/s4", "team/s5", "team/s6");
        assertThat(got).allSatisfy(i -> assertThat(i.toString()).doesNotContain("value-"));
        assertThat(fake.calls("ListSecrets")).isEqualTo(3);
        List<JsonNode> bodies = fake.requests("ListSecrets");
        assertThat(bodies.get(0).path("Filters").get(0).path("Key").asText()).isEqualTo("name");
        assertThat(bodies.get(0).path("Filters").get(0).path("Values").get(0).asText()).isEqualTo("team/");
        assertThat(bodies.get(0).has("NextToken")).isFalse();
        assertThat(bodies.get(1).path("NextToken").asText()).isEqualTo("3");
    }

    @Test
    void anEmptyPrefixListsEverythingWithoutAFilter() {
        fake.put("a", "1").put("b/c", "2");
        assertThat(provider.list("")).extracting(SecretInfo::path).containsExactly("a", "b/c");
        assertThat(fake.requests("ListSecrets").get(0).has("Filters")).isFalse();
    }

    @Test
    void aDeniedListNamesTheIamAction() {
        fake.answer("ListSecrets", awsError(400, "AccessDeniedException", "denied"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.list("team/"));
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("secretsmanager:ListSecrets");
    }
}
