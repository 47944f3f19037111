package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listing against {@link FakeSecretManager}: {@code GET .../secrets?pageSize&pageToken&filter} answering
 * {@code {"secrets", "nextPageToken", "totalSize"}} as documented at
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/list, with {@code name:} substring
 * filters as at https://cloud.google.com/secret-manager/docs/filtering. Names only: no payload is ever read.
 */
final class GcpListTest {
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    @Test
    void listFollowsNextPageTokenAcrossPagesAndReturnsNamesOnly() {
        for (int i = 0; i < 7; i++) fake.put("app-" + i, "value-" + i);
        fake.listPageSize = 2;
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        List<SecretInfo> names = p.list("");

        assertThat(names).extracting(SecretInfo::path).containsExactly("app-0", "app-1", "app-2", "app-3", "app-4", "app-5", "app-6");
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/secrets")).as("pages").isEqualTo(4);
        assertThat(fake.callsContaining(":access")).as("payload reads").isZero();
        assertThat(names.get(0).createdAt()).contains(Instant.parse("2025-01-02T03:04:05.123456Z"));
        assertThat(names.toString()).doesNotContain("value-");
    }

    @Test
    void aPrefixNarrowsTheListingOnTheServerAndExactlyHere() {
        fake.put("app-a", "1");
        fake.put("app-b", "2");
        fake.put("my-app-c", "3");
        fake.put("other", "4");
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        assertThat(p.list("app-")).extracting(SecretInfo::path).containsExactly("app-a", "app-b");
        assertThat(p.list(null)).hasSize(4);
    }

    @Test
    void aRegionalManagerListsItsLocation() {
        fake.putRegional("europe-west4", "eu-one", "1");
        fake.put("global-one", "2");
        Map<String, Object> config = Fixtures.config(fake);
        config.put("location", "europe-west4");
        GcpSecretProvider p = Fixtures.provider(config, context);

        assertThat(p.list("")).extracting(SecretInfo::path).containsExactly("eu-one");
        assertThat(fake.calls("GET /v1/projects/" + FakeSecretManager.PROJECT + "/locations/europe-west4/secrets")).isEqualTo(1);
    }

    @Test
    void listWithoutPermissionNamesTheViewerRole() {
        fake.deny("*list*");
        GcpSecretProvider p = Fixtures.provider(Fixtures.config(fake), context);

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.list(""));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("roles/secretmanager.viewer");
    }
}
