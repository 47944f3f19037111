package dev.secretref.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code list(prefix)} pages through Get Secrets by {@code nextLink} and returns names and times, never values:
 * https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secrets/get-secrets
 */
final class AzureListTest {
    private final FakeKeyVault fake = FakeKeyVault.start();
    private final AzureSecretProvider provider = Fixtures.provider(fake);

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void pagesThroughEveryPageAndFiltersByPrefix() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            fake.put("app-" + i, "value-" + i);
            expected.add("app-" + i);
        }
        fake.put("other-1", "x").put("other-2", "y");
        fake.pageSize(2);   // 9 names: 5 pages

        List<SecretInfo> got = provider.list("app-");

        assertThat(got).extracting(SecretInfo::path).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(got).allSatisfy(i -> assertThat(i.createdAt()).contains(Fixtures.NOW));
        assertThat(got.toString()).doesNotContain("value-");
        assertThat(fake.count("GET /secrets")).isGreaterThanOrEqualTo(5);
        assertThat(fake.requests()).filteredOn("GET /secrets"::equals).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void emptyPrefixListsEverything() {
        fake.put("a", "1").put("b", "2").put("c", "3");
        fake.pageSize(1);

        assertThat(provider.list("")).extracting(SecretInfo::path).containsExactly("a", "b", "c");
    }

    @Test
    void listWithoutPermissionNamesTheRole() {
        fake.forbid("ForbiddenByRbac", "Caller is not authorized to perform action on resource.");

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> provider.list(""));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Key Vault Secrets User");
    }
}
