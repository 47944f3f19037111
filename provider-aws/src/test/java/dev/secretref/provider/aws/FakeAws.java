package dev.secretref.provider.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.spi.ProviderConfig;
import dev.secretref.spi.SecretProvider;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Handler;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import dev.secretref.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local AWS Secrets Manager (AWS JSON 1.1) and STS (Query protocol, XML) on the testkit's
 * {@link FakeHttpServer}, serving the shapes of the published API references:
 * <ul>
 *   <li>Secrets Manager: every call is {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>} and
 *       {@code Content-Type: application/x-amz-json-1.1}; errors are {@code {"__type": ..., "Message": ...}}
 *       with HTTP 400 (ResourceNotFoundException, AccessDeniedException, DecryptionFailure, ThrottlingException,
 *       InvalidParameterException), 403 for rejected credentials, 500 for InternalServiceError.
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
 *       (SecretIdList of at most 20; SecretValues and Errors of {SecretId, ErrorCode, Message}),
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_SecretValueEntry.html,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html (Filters name, MaxResults
 *       1..100, NextToken, SortOrder by CreatedDate; SecretList entries with CreatedDate and LastChangedDate),
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html</li>
 *   <li>STS: {@code POST /} form-encoded {@code Action=GetCallerIdentity|AssumeRole&Version=2011-06-15}, answered
 *       with {@code text/xml} {@code <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">};
 *       errors as {@code <ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...</Message></Error>}.
 *       https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html,
 *       https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 *       https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html</li>
 *   <li>Writes: {@code CreateSecret} (ClientRequestToken as the version id; the same token with the same value is
 *       ignored, an existing name is ResourceExistsException, a name scheduled for deletion InvalidRequestException),
 *       {@code PutSecretValue} (moves AWSCURRENT, old version AWSPREVIOUS), {@code DeleteSecret} (RecoveryWindowInDays
 *       7..30 schedules, ForceDeleteWithoutRecovery removes at once and ignores an absent secret), {@code DescribeSecret}
 *       (DeletedDate while scheduled); a secret scheduled for deletion answers reads and writes with
 *       InvalidRequestException. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html,
 *       https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html</li>
 * </ul>
 * The stored secrets live in memory and the Secrets Manager calls are answered from them. A test changes an
 * operation's answers with {@link #answer} (every later call) or {@link #failNext} (the next calls only), and
 * counts and reads calls with {@link #calls}, {@link #journal} and {@link #requests}. STS {@code AssumeRole} has no
 * default answer. A request that is neither a Secrets Manager nor an STS call fails the test at {@link #close()}.
 */
final class FakeAws implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SM_JSON = "application/x-amz-json-1.1";
    static final String FORM = "application/x-www-form-urlencoded";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SM_TARGET = "secretsmanager.";

    final FakeHttpServer server;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final Set<String> deniedPerId = ConcurrentHashMap.newKeySet();
    private volatile int listPageSize = 100;
    /** The fake's clock for CreatedDate/LastChangedDate: one second per change, in epoch milliseconds. */
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final Map<String, AtomicInteger> loseAnswer = new ConcurrentHashMap<>();
    private final Map<String, Handler> answers = new ConcurrentHashMap<>();
    private final Map<String, Deque<Response>> queued = new ConcurrentHashMap<>();

    /** One stored secret: versions by id, and which version each stage label points at. */
    static final class Secret {
        final String name;
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Map<String, String> stages = new LinkedHashMap<>();
        /** Set while the secret is scheduled for deletion (DeleteSecret with a recovery window). */
        Double deletedDate;
        String kmsKeyId;
        String description;
        /** CreatedDate and LastChangedDate, epoch seconds with milliseconds as AWS JSON 1.1 sends them. */
        double createdDate;
        double lastChangedDate;
        final Map<String, String> tags = new LinkedHashMap<>();

        Secret(String name) {
            this.name = name;
        }
    }

    /** A secret version: SecretString or SecretBinary. */
    record Version(String id, String string, byte[] binary) { }

    /** A fake on plain HTTP. */
    FakeAws() {
        this(FakeHttpServer.http());
    }

    private FakeAws(FakeHttpServer server) {
        this.server = server;
        server.route("POST", "/", this::answer);
    }

    /** A fake serving {@code certificates}' server certificate over HTTPS (for {@code localhost} and {@code 127.0.0.1}). */
    static FakeAws https(TestCertificates certificates) {
        return new FakeAws(FakeHttpServer.https(certificates));
    }

    String baseUrl() { return server.url().toString(); }

    /** The full ARN of {@code name}, with the six random characters Secrets Manager appends. */
    static String arn(String name) {
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-a1B2c3";
    }

    FakeAws put(String name, String secretString) {
        return putVersion(name, "AWSCURRENT", UUID.nameUUIDFromBytes((name + "/current").getBytes()).toString(), secretString, null);
    }

    FakeAws putBinary(String name, byte[] bytes) {
        return putVersion(name, "AWSCURRENT", UUID.nameUUIDFromBytes((name + "/bin").getBytes()).toString(), null, bytes);
    }

    FakeAws putVersion(String name, String stage, String versionId, String string, byte[] binary) {
        Secret s = secrets.computeIfAbsent(name, this::newSecret);
        synchronized (s) {
            s.versions.put(versionId, new Version(versionId, string, binary));
            s.stages.put(stage, versionId);
            s.lastChangedDate = tick();
        }
        return this;
    }

    private Secret newSecret(String name) {
        Secret s = new Secret(name);
        s.createdDate = tick();
        s.lastChangedDate = s.createdDate;
        return s;
    }

    private double tick() {
        return clock.addAndGet(1000) / 1000.0;
    }

    /** Sets the CreatedDate and LastChangedDate of the stored secret {@code name}. */
    FakeAws times(String name, Instant created, Instant changed) {
        Secret s = secrets.get(name);
        synchronized (s) {
            s.createdDate = created.toEpochMilli() / 1000.0;
            s.lastChangedDate = changed.toEpochMilli() / 1000.0;
        }
        return this;
    }

    /** Sets the Description of the stored secret {@code name}. */
    FakeAws describe(String name, String description) {
        Secret s = secrets.get(name);
        synchronized (s) {
            s.description = description;
        }
        return this;
    }

    /** Per-secret AccessDeniedException (in GetSecretValue, and in the Errors of BatchGetSecretValue). */
    FakeAws denyPerSecret(String name) {
        deniedPerId.add(name);
        return this;
    }

    /** The stored secret {@code name} (also while scheduled for deletion), or null. */
    Secret secret(String name) { return secrets.get(name); }

    /** Makes the next {@code operation} take effect but answer 500 InternalServiceError, as an answer lost on the way. */
    FakeAws loseNextAnswerOf(String operation) {
        loseAnswer.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        return this;
    }

    /** ListSecrets returns at most {@code size} secrets per call, fewer than MaxResults, as AWS may. */
    FakeAws listPageSize(int size) {
        listPageSize = size;
        return this;
    }

    /**
     * Every later call of {@code operation} (a Secrets Manager operation such as {@code GetSecretValue}, or an STS
     * action such as {@code AssumeRole}) is answered by {@code handler} instead of the fake's store.
     */
    FakeAws answer(String operation, Handler handler) {
        answers.put(operation, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Every later call of {@code operation} is answered {@code response}. */
    FakeAws answer(String operation, Response response) {
        return answer(operation, r -> response);
    }

    /** The next {@code n} calls of {@code operation} are answered {@code response}; later ones as before. */
    FakeAws failNext(String operation, int n, Response response) {
        Deque<Response> q = queued.computeIfAbsent(operation, o -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < n; i++) q.add(response);
        }
        return this;
    }

    /** Requests received so far (any operation). */
    long requestCount() { return server.count(); }

    /** The received calls of {@code operation} (Secrets Manager operation or STS action), oldest first. */
    List<Request> journal(String operation) {
        return server.requests().stream().filter(r -> operation.equals(operation(r))).toList();
    }

    /** How many calls of {@code operation} the fake received. */
    int calls(String operation) {
        return journal(operation).size();
    }

    /** The JSON bodies of the received Secrets Manager calls of {@code operation}, oldest first. */
    List<JsonNode> requests(String operation) {
        List<JsonNode> out = new ArrayList<>();
        for (Request r : journal(operation)) {
            try {
                out.add(JSON.readTree(r.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The form parameters of a received STS call, decoded. */
    static Map<String, String> form(Request r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : r.body().split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The Secrets Manager operation or STS action of {@code r}, or null when it is neither. */
    static String operation(Request r) {
        String target = r.header("X-Amz-Target");
        if (target != null) return target.startsWith(SM_TARGET) ? target.substring(SM_TARGET.length()) : null;
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith(FORM)) return null;
        return form(r).get("Action");
    }

    /** An AWS JSON 1.1 error. */
    static Response awsError(int status, String type, String message) {
        ObjectNode o = JSON.createObjectNode().put("__type", type).put("Message", message);
        return Response.of(status, SM_JSON, o.toString().getBytes(StandardCharsets.UTF_8))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Response smJson(String body) {
        return Response.of(200, SM_JSON, body.getBytes(StandardCharsets.UTF_8))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Response stsXml(String body) {
        return xml(200, body);
    }

    /** A reply with {@code Content-Type: text/xml} and {@code body} as it is, well-formed or not. */
    static Response xml(int status, String body) {
        return Response.of(status, "text/xml", body.getBytes(StandardCharsets.UTF_8))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Response stsError(int status, String code, String message) {
        return xml(status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <Error>\n    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message
                + "</Message>\n  </Error>\n  <RequestId>4c0a2b1e-0000-4000-8000-000000000001</RequestId>\n</ErrorResponse>\n");
    }

    /** Config of a manager talking to this fake with static test keys. */
    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("region", REGION);
        c.put("accessKeyId", ACCESS_KEY_ID);
        c.put("secretAccessKey", SECRET_ACCESS_KEY);
        c.put("endpoint", baseUrl());
        c.put("stsEndpoint", baseUrl());
        c.put("apiCallAttemptTimeout", "5s");
        c.put("apiCallTimeout", "10s");
        return c;
    }

    static SecretProvider provider(Map<String, Object> config) {
        return new AwsProviderFactory().create(ProviderConfig.of("test-aws", AwsProviderFactory.DESCRIPTOR, config));
    }

    SecretProvider provider() { return provider(config()); }

    /** Stops the server (idempotent), then fails if a request was neither a Secrets Manager nor an STS call. */
    @Override
    public void close() {
        server.close();
        server.assertNoUnexpected();
    }

    // ---- answering ----

    private Response answer(Request r) throws Exception {
        String op = operation(r);
        if (op == null) throw new AssertionError("neither a Secrets Manager call nor an STS call: " + r);
        Deque<Response> q = queued.get(op);
        if (q != null) {
            Response next;
            synchronized (q) {
                next = q.poll();
            }
            if (next != null) return next;
        }
        Handler h = answers.get(op);
        if (h != null) return h.handle(r);
        if (r.header("X-Amz-Target") != null) {
            String type = r.header("Content-Type");
            if (type == null || !type.contains(SM_JSON)) throw new AssertionError("a Secrets Manager call without " + SM_JSON + ": " + r);
            return secretsManager(op, r);
        }
        if (op.equals("GetCallerIdentity")) return stsXml(CALLER_IDENTITY);
        throw new AssertionError("no answer set for STS " + op + " (use answer(\"" + op + "\", ...))");
    }

    private static final String CALLER_IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
            + "  <GetCallerIdentityResult>\n"
            + "    <Arn>arn:aws:iam::" + ACCOUNT + ":user/secretref-test</Arn>\n"
            + "    <UserId>AIDAEXAMPLEUSERID0001</UserId>\n"
            + "    <Account>" + ACCOUNT + "</Account>\n"
            + "  </GetCallerIdentityResult>\n"
            + "  <ResponseMetadata>\n"
            + "    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n"
            + "  </ResponseMetadata>\n"
            + "</GetCallerIdentityResponse>\n";

    private Response secretsManager(String op, Request r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return awsError(400, "SerializationException", "Bad JSON");
        }
        Response out = switch (op) {
            case "GetSecretValue" -> getSecretValue(body);
            case "BatchGetSecretValue" -> batchGetSecretValue(body);
            case "ListSecrets" -> listSecrets(body);
            case "CreateSecret" -> createSecret(body);
            case "PutSecretValue" -> putSecretValue(body);
            case "DeleteSecret" -> deleteSecret(body);
            case "DescribeSecret" -> describeSecret(body);
            default -> awsError(400, "UnknownOperationException", "Unknown operation");
        };
        AtomicInteger lose = loseAnswer.get(op);
        if (lose != null && lose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return awsError(500, "InternalServiceError", "An error occurred on the server side.");
        }
        return out;
    }

    private Secret find(String id) {
        if (id == null) return null;
        Secret s = secrets.get(id);
        if (s != null) return s;
        for (Secret c : secrets.values()) {
            String arn = arn(c.name);
            if (id.equals(arn) || arn.equals(id + "-a1B2c3")) return c;
        }
        return null;
    }

    private static ObjectNode entry(Secret s, Version v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ARN", arn(s.name));
        o.put("Name", s.name);
        o.put("VersionId", v.id());
        if (v.string() != null) o.put("SecretString", v.string());
        if (v.binary() != null) o.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary()));
        ArrayNode stages = o.putArray("VersionStages");
        s.stages.forEach((stage, id) -> {
            if (id.equals(v.id())) stages.add(stage);
        });
        o.put("CreatedDate", 1.700000000123E9);
        return o;
    }

    private Response getSecretValue(JsonNode body) {
        String id = body.path("SecretId").asText(null);
        Secret s = find(id);
        if (s == null) return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        if (deniedPerId.contains(s.name)) {
            return awsError(400, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT
                    + ":user/secretref-test is not authorized to perform: secretsmanager:GetSecretValue");
        }
        if (s.deletedDate != null) return markedForDeletion();
        synchronized (s) {
            String versionId = body.hasNonNull("VersionId") ? body.get("VersionId").asText()
                    : s.stages.get(body.path("VersionStage").asText("AWSCURRENT"));
            Version v = versionId == null ? null : s.versions.get(versionId);
            if (v == null) {
                return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value.");
            }
            return smJson(entry(s, v).toString());
        }
    }

    private Response batchGetSecretValue(JsonNode body) {
        JsonNode ids = body.path("SecretIdList");
        if (ids.size() > 20) {
            return awsError(400, "InvalidParameterException", "SecretIdList has more than 20 members.");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        for (JsonNode idNode : ids) {
            String id = idNode.asText();
            Secret s = find(id);
            if (s == null || deniedPerId.contains(s.name) || s.deletedDate != null) {
                ObjectNode e = errors.addObject();
                e.put("SecretId", id);
                e.put("ErrorCode", s == null ? "ResourceNotFoundException"
                        : s.deletedDate != null ? "InvalidRequestException" : "AccessDeniedException");
                e.put("Message", s == null ? "Secrets Manager can't find the specified secret."
                        : s.deletedDate != null ? "You can't perform this operation on the secret because it was marked for deletion."
                        : "Access denied.");
                continue;
            }
            synchronized (s) {
                values.add(entry(s, s.versions.get(s.stages.get("AWSCURRENT"))));
            }
        }
        return smJson(out.toString());
    }

    // ListSecrets: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
    // MaxResults 1..100; name filter: prefix match, case-sensitive, '!' negates
    // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_search-secret.html); SortOrder asc|desc by
    // CreatedDate; AWS "might return fewer results than the maximum even when there are more" (listPageSize).
    private Response listSecrets(JsonNode body) {
        int max = body.path("MaxResults").asInt(100);
        if (body.has("MaxResults") && (max < 1 || max > 100)) {
            return awsError(400, "InvalidParameterException", "MaxResults must be between 1 and 100.");
        }
        List<String> nameValues = new ArrayList<>();
        for (JsonNode f : body.path("Filters")) {
            if ("name".equals(f.path("Key").asText())) f.path("Values").forEach(v -> nameValues.add(v.asText()));
        }
        List<Secret> listed = new ArrayList<>();
        for (Secret s : secrets.values()) {
            // ListSecrets leaves out secrets scheduled for deletion unless IncludePlannedDeletion is true
            if (s.deletedDate != null && !body.path("IncludePlannedDeletion").asBoolean(false)) continue;
            if (nameValues.isEmpty() || nameValues.stream().anyMatch(v -> v.startsWith("!")
                    ? !s.name.startsWith(v.substring(1)) : s.name.startsWith(v))) {
                listed.add(s);
            }
        }
        Comparator<Secret> order = Comparator.<Secret>comparingDouble(s -> s.createdDate)
                .thenComparing(s -> s.name);
        listed.sort("desc".equals(body.path("SortOrder").asText()) ? order.reversed() : order);
        int from;
        try {
            from = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        } catch (NumberFormatException e) {
            return awsError(400, "InvalidNextTokenException", "The NextToken value is invalid.");
        }
        int to = Math.min(listed.size(), from + Math.min(max, listPageSize));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("SecretList");
        for (Secret s : listed.subList(Math.min(from, to), to)) {
            synchronized (s) {
                ObjectNode e = list.addObject();
                e.put("ARN", arn(s.name));
                e.put("Name", s.name);
                if (s.description != null) e.put("Description", s.description);
                e.put("LastChangedDate", s.lastChangedDate);
                e.put("CreatedDate", s.createdDate);
                ObjectNode stages = e.putObject("SecretVersionsToStages");
                s.stages.forEach((stage, id) -> {
                    ArrayNode forId = stages.has(id) ? (ArrayNode) stages.get(id) : stages.putArray(id);
                    forId.add(stage);
                });
            }
        }
        if (to < listed.size()) out.put("NextToken", Integer.toString(to));
        return smJson(out.toString());
    }

    // CreateSecret: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    private Response createSecret(JsonNode body) {
        String name = body.path("Name").asText("");
        if (!name.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
            return awsError(400, "InvalidParameterException", "Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        }
        String token = body.path("ClientRequestToken").asText(null);
        String string = body.path("SecretString").asText(null);
        if (token == null) return awsError(400, "InvalidParameterException", "You must provide a ClientRequestToken.");
        if (string != null && string.getBytes(StandardCharsets.UTF_8).length > 65536) {
            return awsError(400, "InvalidParameterException", "SecretString exceeds the maximum length.");
        }
        Secret fresh = newSecret(name);
        Secret s = secrets.putIfAbsent(name, fresh);
        if (s != null) {
            synchronized (s) {
                if (s.deletedDate != null) {
                    return awsError(400, "InvalidRequestException",
                            "You can't create this secret because a secret with this name is already scheduled for deletion.");
                }
                Version same = s.versions.get(token);
                if (same != null && Objects.equals(same.string(), string)) {
                    return smJson(writeAnswer(s, token, false).toString()); // the retried create is ignored
                }
                return awsError(400, "ResourceExistsException", "The operation failed because the secret " + name
                        + " already exists.");
            }
        }
        synchronized (fresh) {
            fresh.kmsKeyId = body.path("KmsKeyId").asText(null);
            fresh.description = body.path("Description").asText(null);
            for (JsonNode t : body.path("Tags")) fresh.tags.put(t.path("Key").asText(), t.path("Value").asText());
            if (string != null) {
                fresh.versions.put(token, new Version(token, string, null));
                fresh.stages.put("AWSCURRENT", token);
            }
            return smJson(writeAnswer(fresh, token, false).toString());
        }
    }

    // PutSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    private Response putSecretValue(JsonNode body) {
        Secret s = find(body.path("SecretId").asText(null));
        if (s == null) return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        String token = body.path("ClientRequestToken").asText(null);
        String string = body.path("SecretString").asText(null);
        if (token == null) return awsError(400, "InvalidParameterException", "You must provide a ClientRequestToken.");
        synchronized (s) {
            if (s.deletedDate != null) return markedForDeletion();
            Version existing = s.versions.get(token);
            if (existing != null) {
                if (Objects.equals(existing.string(), string)) return smJson(writeAnswer(s, token, true).toString());
                return awsError(400, "ResourceExistsException", "A resource with the ID you requested already exists.");
            }
            s.versions.put(token, new Version(token, string, null));
            String previous = s.stages.get("AWSCURRENT");
            if (previous != null) s.stages.put("AWSPREVIOUS", previous);
            s.stages.put("AWSCURRENT", token);
            s.lastChangedDate = tick();
            return smJson(writeAnswer(s, token, true).toString());
        }
    }

    // DeleteSecret: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
    private Response deleteSecret(JsonNode body) {
        String id = body.path("SecretId").asText(null);
        boolean force = body.path("ForceDeleteWithoutRecovery").asBoolean(false);
        boolean hasWindow = body.has("RecoveryWindowInDays");
        if (force && hasWindow) {
            return awsError(400, "InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = hasWindow ? body.get("RecoveryWindowInDays").asLong() : 30;
        if (days < 7 || days > 30) {
            return awsError(400, "InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days.");
        }
        Secret s = find(id);
        if (s == null) {
            // a forced delete of an absent secret does not return ResourceNotFoundException
            if (force) return smJson("{\"Name\":\"" + id + "\",\"DeletionDate\":1.7E9}");
            return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        synchronized (s) {
            if (force) {
                secrets.remove(s.name);
            } else if (s.deletedDate != null) {
                return awsError(400, "InvalidRequestException",
                        "You tried to perform the operation on a secret that's currently marked deleted.");
            } else {
                s.deletedDate = 1.7E9;
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("ARN", arn(s.name));
            o.put("Name", s.name);
            o.put("DeletionDate", 1.7E9 + (force ? 0 : days * 86400));
            return smJson(o.toString());
        }
    }

    // DescribeSecret: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
    private Response describeSecret(JsonNode body) {
        Secret s = find(body.path("SecretId").asText(null));
        if (s == null) return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        synchronized (s) {
            ObjectNode o = JSON.createObjectNode();
            o.put("ARN", arn(s.name));
            o.put("Name", s.name);
            if (s.description != null) o.put("Description", s.description);
            if (s.kmsKeyId != null) o.put("KmsKeyId", s.kmsKeyId);
            if (s.deletedDate != null) o.put("DeletedDate", s.deletedDate);
            ArrayNode tags = o.putArray("Tags");
            s.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
            return smJson(o.toString());
        }
    }

    private ObjectNode writeAnswer(Secret s, String versionId, boolean withStages) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ARN", arn(s.name));
        o.put("Name", s.name);
        o.put("VersionId", versionId);
        if (withStages) {
            ArrayNode stages = o.putArray("VersionStages");
            s.stages.forEach((stage, id) -> {
                if (id.equals(versionId)) stages.add(stage);
            });
        }
        return o;
    }

    private Response markedForDeletion() {
        return awsError(400, "InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.");
    }
}
