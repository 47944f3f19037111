package dev.secretref.provider.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * A secret version's payload from an {@code AccessSecretVersionResponse}: {@code payload.data} is base64 and
 * {@code payload.dataCrc32c} the CRC32C of the bytes as a decimal int64 string. The checksum is verified when
 * present (versions from before July 2021 with CMEK have none). Text is UTF-8; bytes that are not UTF-8 are
 * returned as base64 text, since a reference resolves to a string. Never holds a value in a message.
 */
final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private final boolean binary;

    private Payload(String text, boolean binary) {
        this.text = text;
        this.binary = binary;
    }

    /**
     * Decodes and checks {@code body}.
     *
     * @throws SecretManagerException {@code GET_SECRET_FAILED / PROVIDER_ERROR} when the answer is malformed or
     *     the checksum does not match the bytes
     */
    static Payload decode(byte[] body, String what) {
        JsonNode payload;
        try {
            payload = JSON.readTree(body).path("payload");
        } catch (IOException e) {
            throw bad("Google Secret Manager's answer for " + what + " is not JSON; check that endpoint points at the Secret Manager API");
        }
        if (!payload.isObject()) {
            throw bad("Google Secret Manager's answer for " + what + " has no payload; check that endpoint points at the Secret Manager API");
        }
        byte[] data;
        try {
            String b64 = payload.path("data").asText("");
            data = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw bad("Google Secret Manager's payload for " + what + " is not valid base64");
        }
        JsonNode crc = payload.path("dataCrc32c");
        if (!crc.isMissingNode() && !crc.isNull()) {
            long expected;
            try {
                expected = Long.parseLong(crc.asText().strip());
            } catch (NumberFormatException e) {
                throw bad("Google Secret Manager's payload for " + what + " carries a dataCrc32c that is not a number");
            }
            CRC32C c = new CRC32C();
            c.update(data);
            if (c.getValue() != expected) {
                throw bad("The payload of " + what + " failed its CRC32C check (dataCrc32c does not match the bytes received): "
                        + "it was corrupted on the way; retry, and check any proxy between here and Google");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
            return new Payload(text, false);
        } catch (CharacterCodingException e) {
            return new Payload(Base64.getEncoder().encodeToString(data), true);
        }
    }

    /** The value as text: the UTF-8 payload, or base64 of a binary one. */
    String text() { return text; }

    /** Whether the payload was not UTF-8 and {@link #text()} is its base64. */
    boolean binary() { return binary; }

    /** CRC32C of {@code data}, for {@code addVersion}. */
    static long crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return c.getValue();
    }

    private static SecretManagerException bad(String message) {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR).message(message).build();
    }

    @Override
    public String toString() { return "Payload[██]"; }
}
