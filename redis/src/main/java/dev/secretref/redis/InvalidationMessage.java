package dev.secretref.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretref.spi.SharedCache.Invalidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The pub/sub payload: {@code {"node": id, "manager": name[, "path": path]}}. Never a value. */
final class InvalidationMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InvalidationMessage() { }

    static String encode(String nodeId, Invalidation invalidation) {
        ObjectNode n = JSON.createObjectNode().put("node", nodeId).put("manager", invalidation.manager());
        invalidation.path().ifPresent(p -> n.put("path", p));
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The invalidation in {@code message}, if another node sent it and it is well formed. */
    static Optional<Invalidation> decode(String message, String ownNodeId) {
        try {
            JsonNode n = JSON.readTree(message);
            if (n == null || !n.path("manager").isTextual() || ownNodeId.equals(n.path("node").asText())) return Optional.empty();
            String manager = n.get("manager").asText();
            return Optional.of(n.path("path").isTextual() ? Invalidation.of(manager, n.get("path").asText()) : Invalidation.of(manager));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
