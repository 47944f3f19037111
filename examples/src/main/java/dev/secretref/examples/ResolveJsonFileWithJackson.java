package dev.secretref.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolve a JSON configuration file with Jackson, then bind it to a typed config object.
 *
 * <p>Read the file into a {@link JsonNode}, hand the tree to {@link SecretResolver#resolve(JsonNode)}
 * (it returns a new tree; the one read from disk keeps its references), and map the result to your
 * own classes with {@code treeToValue}. Resolve before binding, so your config classes never see a reference.
 *
 * <p>Run: {@code ... -Dexec.mainClass=dev.secretref.examples.ResolveJsonFileWithJackson [-Dexec.args=FILE]}
 * (default: the bundled {@code payment-service.json}).
 */
public final class ResolveJsonFileWithJackson {
    private ResolveJsonFileWithJackson() { }

    /** The typed configuration the application uses. */
    public record PaymentServiceConfig(String endpoint, int timeoutSeconds, Credentials credentials, Map<String, String> headers) {
        /** Never print secrets: the record's own toString would. */
        @Override
        public String toString() {
            return "PaymentServiceConfig[endpoint=" + endpoint + ", timeoutSeconds=" + timeoutSeconds + ", credentials=██]";
        }
    }

    /** Secrets of the payment service. */
    public record Credentials(String apiKey, String webhookSecret) {
        @Override
        public String toString() { return "Credentials[██]"; }
    }

    public static void main(String[] args) throws IOException {
        PaymentServiceConfig config = run(args.length > 0 ? Path.of(args[0]) : null);
        System.out.println(config);
        System.out.println("apiKey        = " + Redacted.of(config.credentials().apiKey()));
        System.out.println("Authorization = " + Redacted.of(config.headers().get("Authorization")));
    }

    static PaymentServiceConfig run(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode raw;
        if (file != null) {
            raw = mapper.readTree(file.toFile());
        } else {
            try (InputStream in = ResolveJsonFileWithJackson.class.getResourceAsStream("/payment-service.json")) {
                raw = mapper.readTree(in);
            }
        }

        // In production: .manager("payments", "aws", Map.of("region", "eu-west-1")), where the path
        // "prod/payments:api_key" is the JSON key api_key of the secret prod/payments.
        Map<String, Object> store = Map.of("values", Map.of(
                "prod/payments:api_key", "pk_live_51Hq",
                "prod/payments:webhook_secret", "whsec_9f8e7d"));
        try (SecretResolver resolver = SecretResolver.builder().manager("payments", "memory", store).build()) {
            JsonNode resolved = resolver.resolve(raw);
            return mapper.treeToValue(resolved, PaymentServiceConfig.class);
        }
    }
}
