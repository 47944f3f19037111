package dev.secretref.provider.aws;

import java.nio.ByteBuffer;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/** The content of one secret version as returned by AWS. Not a record: {@link #toString()} hides the content. */
final class StoredSecret {
    private final String secretString;
    private final SdkBytes secretBinary;

    private StoredSecret(String secretString, SdkBytes secretBinary) {
        this.secretString = secretString;
        this.secretBinary = secretBinary;
    }

    static StoredSecret of(GetSecretValueResponse r) { return new StoredSecret(r.secretString(), r.secretBinary()); }

    static StoredSecret of(SecretValueEntry e) { return new StoredSecret(e.secretString(), e.secretBinary()); }

    boolean hasString() { return secretString != null; }

    boolean hasBinary() { return secretBinary != null; }

    String string() { return secretString; }

    /** SecretBinary as standard base64 text. */
    String binaryAsBase64() {
        ByteBuffer b = secretBinary.asByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String toString() { return "StoredSecret[██]"; }
}
