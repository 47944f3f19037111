package dev.secretref.spring.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.testkit.FakeHttpServer;
import dev.secretref.testkit.FakeHttpServer.Request;
import dev.secretref.testkit.FakeHttpServer.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local AWS Secrets Manager endpoint (AWS JSON 1.1: {@code POST /}, {@code X-Amz-Target: secretsmanager.<Operation>},
 * {@code Content-Type: application/x-amz-json-1.1}) serving GetSecretValue and BatchGetSecretValue from memory, and
 * {@code ResourceNotFoundException} as a 400 with {@code {"__type", "Message"}}, as the API reference shows:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
 */
final class FakeSecretsManager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final FakeHttpServer server = FakeHttpServer.http();

    FakeSecretsManager() {
        server.route("POST", "/", this::handle);
    }

    String endpoint() {
        return server.url().toString();
    }

    /** Requests the endpoint has answered. */
    int calls() {
        return server.count();
    }

    private Response handle(Request request) throws Exception {
        String target = request.header("X-Amz-Target");
        JsonNode body = JSON.readTree(request.bodyBytes());
        ObjectNode out = JSON.createObjectNode();
        int status = 200;
        if ("secretsmanager.GetSecretValue".equals(target)) {
            String id = body.path("SecretId").asText();
            if (secrets.containsKey(id)) {
                entry(out, id);
            } else {
                status = 400;
                out.put("__type", "ResourceNotFoundException").put("Message", "Secrets Manager can't find the specified secret.");
            }
        } else if ("secretsmanager.BatchGetSecretValue".equals(target)) {
            ArrayNode values = out.putArray("SecretValues");
            ArrayNode errors = out.putArray("Errors");
            for (JsonNode idNode : body.path("SecretIdList")) {
                String id = idNode.asText();
                if (secrets.containsKey(id)) entry(values.addObject(), id);
                else errors.addObject().put("SecretId", id).put("ErrorCode", "ResourceNotFoundException")
                        .put("Message", "Secrets Manager can't find the specified secret.");
            }
        } else {
            status = 400;
            out.put("__type", "UnknownOperationException").put("Message", "not served by this fake");
        }
        return Response.of(status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(out))
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
    }

    private void entry(ObjectNode node, String id) {
        node.put("ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + id + "-AbCdEf")
                .put("Name", id)
                .put("SecretString", secrets.get(id))
                .put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1")
                .put("CreatedDate", 1.523477145713E9);
        node.putArray("VersionStages").add("AWSCURRENT");
    }

    @Override
    public void close() {
        server.close();
    }
}
