package dev.secretref.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A zero-latency in-process fake of one HTTP secret store, serving the canned documented answer to the one
 * request a provider makes to read one secret (plus, once, its log-in or lookup requests), for
 * {@link ProviderOverheadBenchmark}. {@code GET /bare} answers the same status, headers and bytes as the secret
 * request, for the bare {@code java.net.http} baseline. Every answer is a constant byte array: the fake does no
 * work a real store would not, so the difference between a provider call and the bare GET is our plumbing.
 *
 * <p>Response shapes, as the providers' own test fakes serve them:
 * <ul>
 *   <li>aws: {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue} (or {@code BatchGetSecretValue}),
 *       {@code application/x-amz-json-1.1}: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html ,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html</li>
 *   <li>hashicorp: {@code GET /v1/sys/internal/ui/mounts/secret/...} (KV version detection) and
 *       {@code GET /v1/secret/data/bench/db} with {@code X-Vault-Token}: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 ,
 *       https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts</li>
 *   <li>cyberark-conjur: {@code POST /authn/{account}/{login}/authenticate} (the JSON access token) and
 *       {@code GET /secrets/{account}/variable/{id}} (the raw value) or the batch {@code GET /secrets?variable_ids=}:
 *       https://github.com/cyberark/conjur-openapi-spec (spec/authentication.yml, spec/secrets.yml)</li>
 *   <li>onepassword (Connect): {@code GET /v1/vaults?filter=}, {@code GET /v1/vaults/{id}/items?filter=},
 *       {@code GET /v1/vaults/{id}/items/{id}} (FullItem): https://developer.1password.com/docs/connect/api-reference/</li>
 *   <li>azure: {@code POST /{tenant}/oauth2/v2.0/token} (client credentials) and {@code GET /secrets/{name}?api-version=7.x},
 *       answering 401 with the {@code WWW-Authenticate} challenge without a bearer token, over TLS:
 *       https://learn.microsoft.com/en-us/rest/api/keyvault/secrets/get-secret/get-secret</li>
 *   <li>gcp: {@code POST /token} (JWT bearer grant) and {@code GET /v1/projects/P/secrets/S/versions/latest:access}:
 *       https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access</li>
 * </ul>
 */
final class CannedService implements AutoCloseable {
    static final List<String> SERVICES = List.of("aws", "hashicorp", "cyberark-conjur", "onepassword", "azure", "gcp");
    static final String VALUE = "s3cr3t-value-0123456789";

    static {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String CONJUR_ACCOUNT = "bench";
    private static final String AZURE_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String OP_VAULT_ID = "vbenchqqqqqqqqqqqqqqqqqqq1";
    private static final String OP_ITEM_ID = "ibenchqqqqqqqqqqqqqqqqqqq2";

    /** One canned answer. */
    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer json(String contentType, String body) {
            return new Answer(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private final String service;
    private final HttpServer server;
    private final ExecutorService pool;
    private final TestCertificates tls;
    private final Map<String, Answer> routes = new LinkedHashMap<>();   // "METHOD path-with-query" -> answer
    private Answer secret;
    private final LongAdder secretRequests = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();
    private final LongAdder unexpected = new LongAdder();

    private CannedService(String service) throws IOException {
        this.service = service;
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "canned-" + service);
            t.setDaemon(true);
            return t;
        });
        if (service.equals("azure")) {
            tls = TestCertificates.localhost();
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            s.setHttpsConfigurator(new HttpsConfigurator(tls.serverSslContext()));
            server = s;
        } else {
            tls = null;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        seed();
    }

    /** The fake of {@code service}, one of {@link #SERVICES}, started. */
    static CannedService start(String service) {
        if (!SERVICES.contains(service)) throw new IllegalArgumentException("unknown service " + service);
        try {
            return new CannedService(service);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake " + service, e);
        }
    }

    String url() {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The provider id to register the manager with (the service name). */
    String providerId() { return service; }

    /** The reference to the one secret, through a manager named {@code m}. */
    String reference() {
        String path = switch (service) {
            case "aws" -> "bench/db:password";
            case "hashicorp" -> "secret/data/bench/db/password";
            case "cyberark-conjur" -> "bench/db/password";
            case "onepassword" -> "op://bench/db/password";
            case "azure" -> "db";
            case "gcp" -> "db";
            default -> throw new IllegalStateException(service);
        };
        return "{{m|ap_sep_v1|" + path + "}}";
    }

    /** The manager's config pointing at this fake. */
    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        switch (service) {
            case "aws" -> {
                c.put("region", "eu-west-1");
                c.put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
                c.put("secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
                c.put("endpoint", url());
            }
            case "hashicorp" -> {
                c.put("url", url());
                c.put("token", "hvs.benchmark-token");
            }
            case "cyberark-conjur" -> {
                c.put("url", url());
                c.put("organizationAccountName", CONJUR_ACCOUNT);
                c.put("loginId", "host/bench");
                c.put("apiKey", "3ahcddy39rcxzh3ggac4cwk3j2r8pqwdg33059y835ys2rh2kzs2a");
            }
            case "onepassword" -> {
                c.put("connectHost", url());
                c.put("connectToken", "eyJhbGciOiJFUzI1NiJ9.benchmark.sig");
            }
            case "azure" -> {
                c.put("vaultUrl", url());
                c.put("tenantId", AZURE_TENANT);
                c.put("clientId", "3c9a6d1e-5b7f-4e2a-9c8d-1f2e3a4b5c6d");
                c.put("clientSecret", "fake~client-secret-Xq7Z.9kLmN0pR2sT4");
                c.put("authorityHost", url());
                c.put("caCertificate", tls.caCertificatePem());
                c.put("disableChallengeResourceVerification", "true");
            }
            case "gcp" -> {
                c.put("projectId", "bench-project");
                c.put("credentialsJson", gcpKeyFile(url() + "/token"));
                c.put("endpoint", url());
            }
            default -> throw new IllegalStateException(service);
        }
        return c;
    }

    /** A client for the bare GET: HTTP/1.1 like the providers', trusting this fake's certificate when it serves TLS. */
    HttpClient bareClient() {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            try {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                trust.setCertificateEntry("ca", tls.caCertificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            } catch (java.security.GeneralSecurityException | IOException e) {
                throw new IllegalStateException("could not trust the fake's certificate", e);
            }
        }
        return b.build();
    }

    URI bareUri() { return URI.create(url() + "/bare"); }

    /** The body of the secret's answer (what the bare GET must read). */
    String secretBody() { return new String(secret.body(), StandardCharsets.UTF_8); }

    /** Requests for the secret itself (not log-ins, lookups or the bare GET). */
    long secretRequests() { return secretRequests.sum(); }

    /** Requests the fake has no answer for: a benchmark whose provider sends one measures the wrong thing. */
    long unexpectedRequests() { return unexpected.sum(); }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- the canned answers ----

    private void seed() {
        switch (service) {
            case "aws" -> {
                String v = "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench/db-AbCdEf\",\"Name\":\"bench/db\","
                        + "\"VersionId\":\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\",\"SecretString\":\"{\\\"password\\\":\\\"" + VALUE
                        + "\\\",\\\"user\\\":\\\"app\\\"}\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.523477145713E9}";
                Map<String, String> h = Map.of("x-amzn-RequestId", "c2b2c0d4-6f3b-4f8e-9b4c-2f1a7c9d0e11");
                secret = new Answer(200, "application/x-amz-json-1.1", v.getBytes(StandardCharsets.UTF_8), h);
                routes.put("POST / secretsmanager.GetSecretValue", secret);
                routes.put("POST / secretsmanager.BatchGetSecretValue", new Answer(200, "application/x-amz-json-1.1",
                        ("{\"SecretValues\":[" + v + "],\"Errors\":[]}").getBytes(StandardCharsets.UTF_8), h));
            }
            case "hashicorp" -> {
                String envelope = "\"request_id\":\"0e9cf7c4-6b7e-5d2e-9b1a-3f0c2b8e8a11\",\"lease_id\":\"\",\"renewable\":false,"
                        + "\"lease_duration\":0,\"wrap_info\":null,\"warnings\":null,\"auth\":null";
                Answer mounts = Answer.json("application/json", "{" + envelope + ",\"data\":{\"accessor\":\"kv_1a2b3c\","
                        + "\"description\":\"key/value secret storage\",\"local\":false,\"path\":\"secret/\",\"seal_wrap\":false,"
                        + "\"type\":\"kv\",\"uuid\":\"5d6e7c1a-0000-4000-8000-000000000001\",\"config\":{\"default_lease_ttl\":0,"
                        + "\"max_lease_ttl\":0,\"force_no_cache\":false},\"options\":{\"version\":\"2\"}}}");
                routes.put("GET /v1/sys/internal/ui/mounts/*", mounts);
                routes.put("GET /v1/auth/token/lookup-self", Answer.json("application/json", "{" + envelope.replace("\"auth\":null", "\"auth\":null")
                        + ",\"data\":{\"accessor\":\"acc\",\"display_name\":\"token\",\"renewable\":false,\"ttl\":0,\"creation_ttl\":0,"
                        + "\"path\":\"auth/token/create\",\"policies\":[\"default\"]}}"));
                secret = Answer.json("application/json", "{" + envelope + ",\"data\":{\"data\":{\"password\":\"" + VALUE
                        + "\",\"user\":\"app\"},\"metadata\":{\"created_time\":\"2026-11-01T10:00:00.000000Z\",\"custom_metadata\":null,"
                        + "\"deletion_time\":\"\",\"destroyed\":false,\"version\":3}}}");
                routes.put("GET /v1/secret/data/bench/db", secret);
            }
            case "cyberark-conjur" -> {
                String payload = Base64.getEncoder().encodeToString("{\"sub\":\"host/bench\",\"iat\":1795000001}".getBytes(StandardCharsets.UTF_8));
                routes.put("POST /authn/" + CONJUR_ACCOUNT + "/host%2Fbench/authenticate", Answer.json("application/json; charset=utf-8",
                        "{\"protected\":\"eyJhbGciOiJjb25qdXIub3JnL3Nsb3NpbG8vdjIiLCJraWQiOiI5M2VjNTEwODRmZTM3Zjc3MGU3OGI0ODEwYjhhYzNmMyJ9\","
                                + "\"payload\":\"" + payload + "\",\"signature\":\"3f2e1d0c9b8a79685746352413021f0e\"}"));
                secret = new Answer(200, "application/octet-stream", VALUE.getBytes(StandardCharsets.UTF_8), Map.of());
                routes.put("GET /secrets/" + CONJUR_ACCOUNT + "/variable/bench%2Fdb%2Fpassword", secret);
                routes.put("GET /secrets?variable_ids=*", Answer.json("application/json; charset=utf-8",
                        "{\"" + CONJUR_ACCOUNT + ":variable:bench/db/password\":\"" + VALUE + "\"}"));
            }
            case "onepassword" -> {
                String vault = "{\"id\":\"" + OP_VAULT_ID + "\",\"name\":\"bench\",\"attributeVersion\":1,\"contentVersion\":3,\"items\":1,"
                        + "\"type\":\"USER_CREATED\",\"createdAt\":\"2024-05-01T10:00:00Z\",\"updatedAt\":\"2024-05-01T10:00:00Z\"}";
                String summary = "\"id\":\"" + OP_ITEM_ID + "\",\"title\":\"db\",\"version\":1,\"vault\":{\"id\":\"" + OP_VAULT_ID
                        + "\"},\"category\":\"LOGIN\",\"lastEditedBy\":\"DOCSAMPLEUSER0000000000000\",\"createdAt\":\"2024-05-01T10:00:00Z\","
                        + "\"updatedAt\":\"2024-05-01T10:00:00Z\"";
                routes.put("GET /v1/vaults?*", Answer.json("application/json", "[" + vault + "]"));
                routes.put("GET /v1/vaults/" + OP_VAULT_ID + "/items?*", Answer.json("application/json", "[{" + summary + "}]"));
                secret = Answer.json("application/json", "{" + summary + ",\"sections\":[],\"fields\":["
                        + "{\"id\":\"username\",\"type\":\"STRING\",\"purpose\":\"USERNAME\",\"label\":\"username\",\"value\":\"app\"},"
                        + "{\"id\":\"password\",\"type\":\"CONCEALED\",\"purpose\":\"PASSWORD\",\"label\":\"password\",\"value\":\"" + VALUE
                        + "\",\"entropy\":115.8}]}");
                routes.put("GET /v1/vaults/" + OP_VAULT_ID + "/items/" + OP_ITEM_ID, secret);
            }
            case "azure" -> {
                routes.put("POST /" + AZURE_TENANT + "/oauth2/v2.0/token", Answer.json("application/json; charset=utf-8",
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"eyJ0eXAiOiJKV1Qi.YmVuY2g.sig\"}"));
                secret = Answer.json("application/json; charset=utf-8", "{\"value\":\"" + VALUE + "\",\"id\":\"" + url()
                        + "/secrets/db/4387e9f3d6e14c459867679a90fd0f79\",\"attributes\":{\"enabled\":true,\"created\":1493938410,"
                        + "\"updated\":1493938410,\"recoveryLevel\":\"Recoverable+Purgeable\"},\"tags\":{}}");
                routes.put("GET /secrets/db?*", secret);
                routes.put("GET /secrets/db/?*", secret);   // the Azure SDK asks for the latest version as "/secrets/{name}/"
            }
            case "gcp" -> {
                routes.put("POST /token", Answer.json("application/json; charset=utf-8",
                        "{\"access_token\":\"ya29.benchmark-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
                byte[] data = VALUE.getBytes(StandardCharsets.UTF_8);
                CRC32C crc = new CRC32C();
                crc.update(data);
                secret = Answer.json("application/json; charset=UTF-8", "{\"name\":\"projects/123456789012/secrets/db/versions/1\","
                        + "\"payload\":{\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\",\"dataCrc32c\":\"" + crc.getValue() + "\"}}");
                routes.put("GET /v1/projects/bench-project/secrets/db/versions/latest:access", secret);
            }
            default -> throw new IllegalStateException(service);
        }
    }

    private Answer route(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        if (path.equals("/bare")) return secret;
        if (service.equals("aws")) {
            return routes.get(method + " " + path + " " + ex.getRequestHeaders().getFirst("X-Amz-Target"));
        }
        if (service.equals("azure") && path.startsWith("/secrets/") && ex.getRequestHeaders().getFirst("Authorization") == null) {
            byte[] body = ("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10000: Request is missing a Bearer or PoP token.\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            return new Answer(401, "application/json; charset=utf-8", body, Map.of("WWW-Authenticate",
                    "Bearer authorization=\"" + url() + "/" + AZURE_TENANT + "\", resource=\"https://vault.azure.net\""));
        }
        Answer a = routes.get(method + " " + path + (query == null ? "" : "?" + query));
        if (a != null) return a;
        if (query != null && (a = routes.get(method + " " + path + "?*")) != null) return a;
        for (Map.Entry<String, Answer> r : routes.entrySet()) {
            String k = r.getKey();
            if (k.endsWith("/*") && (method + " " + path).startsWith(k.substring(0, k.length() - 1))) return r.getValue();
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Answer a = route(ex);
            if (a == null) {
                unexpected.increment();
                a = new Answer(404, "application/json", "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (a == secret && !ex.getRequestURI().getRawPath().equals("/bare")) {
                secretRequests.increment();
            } else {
                otherRequests.increment();
            }
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            for (Map.Entry<String, String> h : a.headers().entrySet()) ex.getResponseHeaders().set(h.getKey(), h.getValue());
            ex.sendResponseHeaders(a.status(), a.body().length);
            ex.getResponseBody().write(a.body());
        }
    }

    /** A service-account key file like the one the console downloads, with a fresh key (the fake checks no signature). */
    private static String gcpKeyFile(String tokenUri) {
        KeyPair keys;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                        .replace("\n", "\\n")
                + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"bench-project\",\"private_key_id\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"bench@bench-project.iam.gserviceaccount.com\","
                + "\"client_id\":\"109876543210987654321\",\"auth_uri\":\"https://accounts.google.com/o/oauth2/auth\","
                + "\"token_uri\":\"" + tokenUri + "\",\"universe_domain\":\"googleapis.com\"}";
    }
}
