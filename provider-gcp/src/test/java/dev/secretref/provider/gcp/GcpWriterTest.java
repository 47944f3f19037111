package dev.secretref.provider.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's calls against {@link FakeSecretManager}: secrets.create with {@code replication} (automatic or
 * userManaged replicas, https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets#Replication;
 * none for regional secrets, https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.locations.secrets/create),
 * secrets.addVersion with {@code payload.data} and {@code payload.dataCrc32c}
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/addVersion,
 * https://cloud.google.com/secret-manager/docs/data-integrity) and secrets.delete.
 */
final class GcpWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/v1/projects/" + FakeSecretManager.PROJECT + "/secrets";
    private final FakeSecretManager fake = Fixtures.fake();
    private final Fixtures.TestContext context = new Fixtures.TestContext();

    @AfterEach
    void stop() {
        fake.close();
        context.close();
    }

    private SecretWriter writer(Map<String, Object> config) {
        return Fixtures.provider(config, context).writer().orElseThrow();
    }

    @Test
    void aFirstWriteCreatesTheSecretWithAutomaticReplicationThenAddsAVersion() throws Exception {
        SecretWriter w = writer(Fixtures.config(fake));

        Map<String, String> paths = w.write("conn-1", fields("user", "app", "password", "pw"));

        assertThat(paths).containsEntry("user", "secretref-conn-1:user").containsEntry("password", "secretref-conn-1:password");
        assertThat(fake.calls("POST " + BASE + "/secretref-conn-1:addVersion")).isEqualTo(2);   // 404, then after create
        assertThat(fake.calls("POST " + BASE)).isEqualTo(1);
        JsonNode secret = fake.createBody("secretref-conn-1");
        assertThat(secret.path("replication").path("automatic").isObject()).isTrue();
        assertThat(secret.path("labels").path("managed-by").asText()).isEqualTo("secretref");
        assertThat(JSON.readTree(fake.latest("secretref-conn-1"))).isEqualTo(JSON.readTree("{\"user\":\"app\",\"password\":\"pw\"}"));
    }

    @Test
    void aSecondWriteOnlyAddsAVersion() {
        SecretWriter w = writer(Fixtures.config(fake));
        w.write("conn-2", fields("token", "one"));

        w.write("conn-2", fields("token", "two"));

        assertThat(fake.versionCount("secretref-conn-2")).isEqualTo(2);
        assertThat(fake.calls("POST " + BASE)).isEqualTo(1);
        assertThat(fake.calls("POST " + BASE + "/secretref-conn-2:addVersion")).isEqualTo(3);
    }

    @Test
    void addVersionCarriesTheChecksumOfThePayload() throws Exception {
        SecretWriter w = writer(Fixtures.config(fake));

        w.write("conn-3", fields("k", "v"));

        String body = fake.requestBodies().get(fake.requestBodies().size() - 1);
        JsonNode payload = JSON.readTree(body).path("payload");
        byte[] data = Base64.getDecoder().decode(payload.path("data").asText());
        assertThat(payload.path("dataCrc32c").asText()).isEqualTo(Long.toString(FakeSecretManager.crc(data)));
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void replicationLocationsCreateUserManagedReplicas() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("replicationLocations", "europe-west1, europe-west4");
        config.put("writePrefix", "app_");

        writer(config).write("conn-4", fields("k", "v"));

        JsonNode replicas = fake.createBody("app_conn-4").path("replication").path("userManaged").path("replicas");
        assertThat(replicas).hasSize(2);
        assertThat(replicas.get(0).path("location").asText()).isEqualTo("europe-west1");
        assertThat(replicas.get(1).path("location").asText()).isEqualTo("europe-west4");
    }

    @Test
    void aRegionalWriterCreatesARegionalSecretWithoutReplication() {
        Map<String, Object> config = Fixtures.config(fake);
        config.put("location", "us-central1");
        var provider = Fixtures.provider(config, context);

        Map<String, String> paths = provider.writer().orElseThrow().write("conn-5", fields("k", "regional-value"));

        assertThat(fake.hasRegional("us-central1", "secretref-conn-5")).isTrue();
        assertThat(fake.regionalCreateBody("us-central1", "secretref-conn-5").has("replication")).isFalse();
        assertThat(provider.fetch(paths.get("k"))).isEqualTo("regional-value");
    }

    @Test
    void aConcurrentCreatorIsNoError() {
        fake.put("secretref-conn-6", "{\"k\":\"old\"}");
        fake.failNext(BASE + "/secretref-conn-6:addVersion", 1, 404, "NOT_FOUND", "Secret not found.");
        var provider = Fixtures.provider(Fixtures.config(fake), context);

        Map<String, String> paths = provider.writer().orElseThrow().write("conn-6", fields("k", "new"));

        assertThat(fake.calls("POST " + BASE)).isEqualTo(1);   // answered 409 ALREADY_EXISTS
        assertThat(provider.fetch(paths.get("k"))).isEqualTo("new");
    }

    @Test
    void deleteRemovesTheSecretAndAnAbsentOneIsNoError() {
        SecretWriter w = writer(Fixtures.config(fake));
        w.write("conn-7", fields("k", "v"));

        w.delete("conn-7");
        w.delete("conn-7");

        assertThat(fake.has("secretref-conn-7")).isFalse();
        assertThat(fake.calls("DELETE " + BASE + "/secretref-conn-7")).isEqualTo(2);
    }

    @Test
    void aRefusedCreateIsAWriteFailureNamingTheAdminRole() {
        fake.deny("secretref-conn-8");
        SecretWriter w = writer(Fixtures.config(fake));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-8", fields("k", "secret-v")));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("roles/secretmanager.secretVersionAdder").doesNotContain("secret-v");
    }

    @Test
    void anUnavailableStoreFailsAWriteWithoutReplayingIt() {
        fake.failNext(":addVersion", 3, 503, "UNAVAILABLE", "The service is currently unavailable.");
        SecretWriter w = writer(Fixtures.config(fake));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.write("conn-9", fields("k", "v")));

        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(fake.callsContaining(":addVersion")).isEqualTo(1);   // a POST is replayed only when never sent
    }

    @Test
    void morethan64KiBIsRefusedBeforeAnyCall() {
        SecretWriter w = writer(Fixtures.config(fake));

        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("conn-10", fields("blob", "x".repeat(64 * 1024))));

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains("64 KiB");
        assertThat(fake.totalCalls()).isZero();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
