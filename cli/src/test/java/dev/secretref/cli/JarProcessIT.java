package dev.secretref.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as a user does, {@code java -jar cli/target/secretref.jar ...}, in a separate
 * process (failsafe runs this after the package phase): exit codes, stdout, stderr, file permissions.
 */
final class JarProcessIT {
    private static final Path JAR = Path.of(System.getProperty("secretref.jar", "target/secretref.jar")).toAbsolutePath();
    private static final Path REPO = Path.of(System.getProperty("secretref.checkout", "..")).toAbsolutePath().normalize();

    @TempDir Path dir;

    record Run(int code, String out, String err) { }

    private static Run run(Path workDir, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        Collections.addAll(cmd, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("DEMO_DB_PASSWORD");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("secretref-out", ".txt");
        Path err = Files.createTempFile("secretref-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("secretref finished").isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void theReadmeMainJobPrintsTheDemoConfigResolved() throws Exception {
        Run r = run(REPO, Map.of("DEMO_DB_PASSWORD", "s3cr3t"), "",
                "resolve", "examples/demo/app-config.json", "--managers", "examples/demo/managers.json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode config = new ObjectMapper().readTree(r.out());
        assertThat(config.at("/database/password").asText()).isEqualTo("s3cr3t");
        assertThat(config.at("/database/user").asText()).isEqualTo("orders_app");
        assertThat(config.at("/slack/authorization").asText()).isEqualTo("Bearer xoxb-demo-1234-5678");
        assertThat(config.at("/workflow/greeting").asText()).startsWith("Hello {{step_1.output}}");
        // layout kept: the output is the input with only the references replaced
        String input = Files.readString(REPO.resolve("examples/demo/app-config.json"));
        assertThat(r.out().lines().count()).isEqualTo(input.lines().count());
    }

    @Test
    void unsetEnvironmentVariableExitsOneWithTheLineAndWhatToCheck() throws Exception {
        Run r = run(REPO, Map.of(), "", "resolve", "examples/demo/app-config.json", "--managers", "examples/demo/managers.json");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("app-config.json line 6: cannot resolve {{env|ap_sep_v1|DEMO_DB_PASSWORD}}")
                .contains("SECRET_MANAGER_GET_SECRET_FAILED / NOT_FOUND").contains("export DEMO_DB_PASSWORD");
        assertThat(r.err()).doesNotContain("orders_app").doesNotContain("xoxb-demo");
    }

    @Test
    void missingManagerAndMalformedReferenceExitOneWithLineNumbers() throws Exception {
        Path managers = Fixtures.managersFile(dir);
        Path missing = Fixtures.write(dir.resolve("a.yaml"), "a: 1\nb: \"{{prod|ap_sep_v1|db/password}}\"\n");
        Path malformed = Fixtures.write(dir.resolve("b.properties"), "# c\n\na=1\nb={{demo|ap_sep_v1|plain\n");

        Run r1 = run(dir, Map.of(), "", "resolve", missing.toString(), "--managers", managers.toString());
        Run r2 = run(dir, Map.of(), "", "resolve", malformed.toString(), "--managers", managers.toString());

        assertThat(r1.code()).isEqualTo(1);
        assertThat(r1.err()).contains("line 2: cannot resolve {{prod|ap_sep_v1|db/password}}").contains("UNKNOWN_MANAGER");
        assertThat(r2.code()).isEqualTo(1);
        assertThat(r2.err()).contains("malformed secret reference at line 4");
    }

    @Test
    void standardInputToAnOwnerOnlyOutFile() throws Exception {
        Path managers = Fixtures.managersFile(dir);
        Path out = dir.resolve("rendered.yaml");

        Run r = run(dir, Map.of(), "password: \"{{demo|ap_sep_v1|quotes}}\"  # kept\n",
                "resolve", "-", "--format", "yaml", "--out", out.toString(), "--managers", managers.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("password: \"he said \\\"hi\\\" and 'bye'\"  # kept\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Run noArgs = run(dir, Map.of(), "");
        Run missingFile = run(dir, Map.of(), "", "resolve", "nope.json");
        Run badOption = run(dir, Map.of(), "", "list");

        assertThat(noArgs.code()).isEqualTo(2);
        assertThat(noArgs.err()).contains("Usage: secretref");
        assertThat(missingFile.code()).isEqualTo(2);
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).contains("Missing required parameter");
    }

    @Test
    void versionComesFromTheManifest() throws Exception {
        Run r = run(dir, Map.of(), "", "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("secretref 0.1.0");
    }

    @Test
    void theJarCarriesEveryProviderOfItsClassPathAndLists() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/dev.secretref.spi.SecretProviderFactory"))) {
            try (InputStream in = url.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(expected::add);
            }
        }
        expected.remove(BrokenProviderFactory.class.getName());   // a test-only provider
        expected.remove(FileStoreProviderFactory.class.getName());   // a test-only provider
        expected.remove(DatedProviderFactory.class.getName());   // a test-only provider
        Set<String> inJar = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/dev.secretref.spi.SecretProviderFactory"))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(inJar::add);
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("dev.secretref.cli");
        }
        assertThat(inJar).isEqualTo(expected);

        Run r = run(dir, Map.of(), "", "providers", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).contains("env", "memory").hasSize(expected.size());
    }

    /**
     * Issue 13 #1: {@code -v} turned every logger to debug, and the AWS SDK's signer logged the canonical request
     * with {@code x-amz-security-token}. The endpoint is a local stand-in for Secrets Manager answering
     * {@code BatchGetSecretValue} / {@code GetSecretValue} as the API reference describes
     * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html,
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
     */
    @Test
    void verboseShowsSecretrefEventsButNeverTheAwsSdksSignedRequest() throws Exception {
        FakeHttpServer aws = FakeHttpServer.http();
        aws.route("POST", "/", req -> {
            String target = String.valueOf(req.header("X-Amz-Target"));
            String entry = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf\",\"Name\":\"app\","
                    + "\"SecretString\":\"v4lue\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";
            String body = target.endsWith("BatchGetSecretValue") ? "{\"SecretValues\":[" + entry + "],\"Errors\":[]}" : entry;
            return Response.of(200, "application/x-amz-json-1.1", body.getBytes(StandardCharsets.UTF_8));
        });
        try {
            Path managers = Fixtures.write(dir.resolve("aws.json"), Fixtures.json(Map.of("managers", List.of(Map.of(
                    "name", "aws", "provider", "aws", "config", Map.of(
                            "region", "us-east-1", "accessKeyId", "AKIDEXAMPLE",
                            "secretAccessKey", "{{env|ap_sep_v1|SK}}", "sessionToken", "{{env|ap_sep_v1|ST}}",
                            "endpoint", aws.url().toString()))))));
            Path input = Fixtures.write(dir.resolve("a.env"), "A={{aws|ap_sep_v1|app}}\n");

            Run r = run(dir, Map.of("ST", "SESSIONTOKEN_SECRET_777", "SK", "SECRETKEY_SECRET_888"), "",
                    "-v", "resolve", input.toString(), "--managers", managers.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("A=v4lue\n");
            assertThat(r.err()).doesNotContain("SESSIONTOKEN_SECRET_777").doesNotContain("SECRETKEY_SECRET_888")
                    .doesNotContainIgnoringCase("security-token").doesNotContain("software.amazon").doesNotContain("v4lue");
            // secretref's own events are there, and name no value
            assertThat(r.err()).contains("DEBUG dev.secretref.cli").contains("manager 'aws' (provider aws")
                    .contains("1 reference");
        } finally {
            aws.close();
        }
    }

    /**
     * {@code -v} with a Vault manager using AppRole: secretref's own debug lines (the CLI's, the Vault provider's
     * login and mount detection) appear, and none holds the role id, the secret id or the token Vault issued.
     * The local server answers as the API reference describes
     * (https://developer.hashicorp.com/vault/api-docs/auth/approle#login-with-approle,
     * https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts,
     * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version).
     */
    @Test
    void verboseVaultDebugLinesHoldNoCredential() throws Exception {
        FakeHttpServer vault = FakeHttpServer.http();
        vault.route("POST", "/v1/auth/approle/login", req -> Response.json(200,
                "{\"request_id\":\"r1\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":null,"
                        + "\"auth\":{\"client_token\":\"hvs.ISSUED_TOKEN_999\",\"accessor\":\"acc\",\"policies\":[\"default\"],"
                        + "\"token_policies\":[\"default\"],\"lease_duration\":1200,\"renewable\":true}}"));
        vault.route("GET", "/v1/sys/internal/ui/mounts/.*", req -> Response.json(200,
                "{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}"));
        vault.route("GET", "/v1/secret/data/app", req -> Response.json(200,
                "{\"data\":{\"data\":{\"k\":\"v4lue\"},\"metadata\":{\"created_time\":\"2026-01-01T00:00:00Z\","
                        + "\"custom_metadata\":null,\"deletion_time\":\"\",\"destroyed\":false,\"version\":1}}}"));
        try {
            Path managers = Fixtures.write(dir.resolve("vault.json"), Fixtures.json(Map.of("managers", List.of(Map.of(
                    "name", "vault", "provider", "hashicorp", "config", Map.of(
                            "url", vault.url().toString(),
                            "roleId", "{{env|ap_sep_v1|ROLE}}", "secretId", "{{env|ap_sep_v1|SECRET}}"))))));
            Path input = Fixtures.write(dir.resolve("a.env"), "A={{vault|ap_sep_v1|secret/data/app/k}}\n");

            Run r = run(dir, Map.of("ROLE", "ROLEID_SECRET_555", "SECRET", "SECRETID_SECRET_666"), "",
                    "--verbose", "resolve", input.toString(), "--managers", managers.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("A=v4lue\n");
            assertThat(r.err()).contains("DEBUG dev.secretref.cli").contains("manager 'vault' (provider hashicorp")
                    .doesNotContain("ROLEID_SECRET_555").doesNotContain("SECRETID_SECRET_666")
                    .doesNotContain("ISSUED_TOKEN_999").doesNotContain("v4lue");
            assertThat(r.err().lines().filter(l -> !l.isBlank()))
                    .allSatisfy(l -> assertThat(l).contains("DEBUG dev.secretref."));
        } finally {
            vault.close();
        }
    }

    /**
     * {@code -v} with a Conjur manager: secretref's own debug lines appear and none holds the API key or the
     * access token Conjur issued. The local server answers as the Conjur API describes
     * (https://github.com/cyberark/conjur-openapi-spec: authentication.yml, secrets.yml): the token base64-encoded
     * with {@code Content-Encoding: base64}, one variable as its raw body, a batch as a JSON map keyed by full ids.
     */
    @Test
    void verboseConjurDebugLinesHoldNoCredential() throws Exception {
        String token = java.util.Base64.getEncoder().encodeToString(
                "{\"protected\":\"eyJhbGciOiJjb25qdXIifQ==\",\"payload\":\"ACCESS_TOKEN_SECRET_444\",\"signature\":\"c2ln\"}"
                        .getBytes(StandardCharsets.UTF_8));
        FakeHttpServer conjur = FakeHttpServer.http();
        conjur.route("POST", "/authn/myorg/[^/]+/authenticate", req -> Response.of(200, "text/plain",
                token.getBytes(StandardCharsets.UTF_8)).withHeader("Content-Encoding", "base64"));
        conjur.route("GET", "/secrets", req -> req.queryParam("variable_ids") == null ? Response.empty(404)
                : Response.json(200, "{\"myorg:variable:prod/db/password\":\"v4lue\"}"));
        conjur.route("GET", "/secrets/myorg/variable/prod%2Fdb%2Fpassword", req -> Response.of(200, "application/octet-stream",
                "v4lue".getBytes(StandardCharsets.UTF_8)));
        try {
            Path managers = Fixtures.write(dir.resolve("conjur.json"), Fixtures.json(Map.of("managers", List.of(Map.of(
                    "name", "conjur", "provider", "cyberark-conjur", "config", Map.of(
                            "url", conjur.url().toString(),
                            "organizationAccountName", "myorg", "loginId", "host/apps/web",
                            "apiKey", "{{env|ap_sep_v1|API_KEY}}"))))));
            Path input = Fixtures.write(dir.resolve("a.env"), "A={{conjur|ap_sep_v1|prod/db/password}}\n");

            Run r = run(dir, Map.of("API_KEY", "APIKEY_SECRET_333"), "",
                    "-v", "resolve", input.toString(), "--managers", managers.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("A=v4lue\n");
            assertThat(r.err()).contains("DEBUG dev.secretref.cli").contains("manager 'conjur' (provider cyberark-conjur")
                    .doesNotContain("APIKEY_SECRET_333").doesNotContain("ACCESS_TOKEN_SECRET_444").doesNotContain(token)
                    .doesNotContain("v4lue");
            assertThat(r.err().lines().filter(l -> !l.isBlank()))
                    .allSatisfy(l -> assertThat(l).contains("DEBUG dev.secretref."));
        } finally {
            conjur.close();
        }
    }

    /**
     * {@code -v} with a 1Password Connect manager: secretref's own debug lines appear and none holds the Connect
     * token. The local server answers as the Connect API reference describes
     * (https://developer.1password.com/docs/connect/api-reference/): vaults and items found by name with
     * {@code filter}, the full item with {@code fields[]}, 401 without the bearer token.
     */
    @Test
    void verboseOnePasswordConnectDebugLinesHoldNoCredential() throws Exception {
        FakeHttpServer connect = FakeHttpServer.http();
        String bearer = "Bearer CONNECT_TOKEN_SECRET_222";
        Response unauthorized = Response.json(401, "{\"status\":401,\"message\":\"Invalid token signature\"}");
        connect.route("GET", "/v1/vaults", req -> !bearer.equals(req.header("Authorization")) ? unauthorized : Response.json(200,
                "[{\"id\":\"vlt1\",\"name\":\"Prod\",\"attributeVersion\":1,\"contentVersion\":1,\"type\":\"USER_CREATED\"}]"));
        connect.route("GET", "/v1/vaults/vlt1/items", req -> !bearer.equals(req.header("Authorization")) ? unauthorized : Response.json(200,
                "[{\"id\":\"itm1\",\"title\":\"db\",\"vault\":{\"id\":\"vlt1\"},\"category\":\"LOGIN\",\"version\":1}]"));
        connect.route("GET", "/v1/vaults/vlt1/items/itm1", req -> !bearer.equals(req.header("Authorization")) ? unauthorized : Response.json(200,
                "{\"id\":\"itm1\",\"title\":\"db\",\"vault\":{\"id\":\"vlt1\"},\"category\":\"LOGIN\",\"version\":1,"
                        + "\"sections\":[],\"fields\":[{\"id\":\"f1\",\"type\":\"CONCEALED\",\"label\":\"password\",\"value\":\"v4lue\"}]}"));
        try {
            Path managers = Fixtures.write(dir.resolve("op.json"), Fixtures.json(Map.of("managers", List.of(Map.of(
                    "name", "op", "provider", "onepassword", "config", Map.of(
                            "connectHost", connect.url().toString(),
                            "connectToken", "{{env|ap_sep_v1|OP_TOKEN}}"))))));
            Path input = Fixtures.write(dir.resolve("a.env"), "A={{op|ap_sep_v1|op://Prod/db/password}}\n");

            Run r = run(dir, Map.of("OP_TOKEN", "CONNECT_TOKEN_SECRET_222"), "",
                    "-v", "resolve", input.toString(), "--managers", managers.toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("A=v4lue\n");
            assertThat(r.err()).contains("DEBUG dev.secretref.cli").contains("manager 'op' (provider onepassword")
                    .doesNotContain("CONNECT_TOKEN_SECRET_222").doesNotContain("v4lue");
            assertThat(r.err().lines().filter(l -> !l.isBlank()))
                    .allSatisfy(l -> assertThat(l).contains("DEBUG dev.secretref."));
        } finally {
            connect.close();
        }
    }

    @Test
    void logsStayQuietByDefault() throws IOException, Exception {
        Run r = run(dir, Map.of(), "", "providers");

        assertThat(r.err()).isEmpty();
    }
}
