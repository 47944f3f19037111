package dev.secretref.provider.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import dev.secretref.testkit.FakeHttpServer.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connect-mode writes against the stateful {@link FakeConnect} (https://developer.1password.com/docs/connect/api-reference/):
 * {@code POST} a new item, {@code PUT} the whole item when the title exists, {@code DELETE} by id, 403 on a vault the
 * token may not write.
 */
final class ConnectWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeConnect connect = new FakeConnect();
    private final String vaultId = connect.vaultId("Credentials");
    private SecretProvider provider;

    @AfterEach
    void close() {
        if (provider != null) provider.close();
        connect.close();
    }

    private SecretWriter writer() {
        provider = FakeOp.create(Map.of("connectHost", connect.url(), "connectToken", FakeConnect.TOKEN, "writeVault", "Credentials"));
        return provider.writer().orElseThrow();
    }

    @Test
    void aNewItemIsPostedAndAnExistingOneReplacedWhole() throws Exception {
        SecretWriter w = writer();
        Map<String, String> paths = w.write("conn-1", Map.of("token", "one"));
        w.write("conn-1", Map.of("token", "two"));

        assertThat(paths).containsEntry("token", "op://Credentials/conn-1/token");
        List<Request> posts = connect.server().requests("POST", "/v1/vaults/" + vaultId + "/items");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).query()).isNull();
        JsonNode posted = JSON.readTree(posts.get(0).body());
        assertThat(posted.path("title").asText()).isEqualTo("conn-1");
        assertThat(posted.path("vault").path("id").asText()).isEqualTo(vaultId);
        assertThat(posted.path("fields").get(0).path("type").asText()).isEqualTo("CONCEALED");
        String itemId = connect.itemsOf(vaultId).keySet().iterator().next();
        List<Request> puts = connect.server().requests("PUT", "/v1/vaults/" + vaultId + "/items/" + itemId);
        assertThat(puts).hasSize(1);
        assertThat(JSON.readTree(puts.get(0).body()).path("id").asText()).isEqualTo(itemId);
        assertThat(connect.itemsOf(vaultId)).hasSize(1);
        assertThat(provider.fetch("op://Credentials/conn-1/token")).isEqualTo("two");
    }

    @Test
    void deleteRemovesTheItemAndAnAbsentItemIsNoError() {
        SecretWriter w = writer();
        w.write("conn-2", Map.of("token", "v"));
        String itemId = connect.itemsOf(vaultId).keySet().iterator().next();
        w.delete("conn-2");
        w.delete("conn-2");
        assertThat(connect.server().requests("DELETE", "/v1/vaults/" + vaultId + "/items/" + itemId)).hasSize(1);
        assertThat(connect.itemsOf(vaultId)).isEmpty();
    }

    @Test
    void aReadOnlyVaultIsAccessDeniedNamingWriteAccess() {
        connect.readOnly(vaultId);
        SecretWriter w = writer();
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-3", Map.of("token", "canary-connect-value")));
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("write access").doesNotContain("canary-connect-value").doesNotContain(FakeConnect.TOKEN);
    }
}
