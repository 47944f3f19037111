package dev.secretref.spring.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
    final AtomicInteger calls = new AtomicInteger();
    private final HttpServer server;

    FakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
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
        byte[] bytes = JSON.writeValueAsBytes(out);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
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
        server.stop(0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
