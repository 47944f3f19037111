package dev.secretref.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KeyRingTest {
    private static final byte[] AD = "conn-1\0token".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    @Test
    void encryptedValueDecryptsWithTheSameAssociatedData() {
        KeyRing ring = KeyRing.generate();
        byte[] sealed = ring.encrypt("s3cr3t".getBytes(StandardCharsets.UTF_8), AD);

        assertThat(new String(ring.decrypt(sealed, AD), StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
        assertThat(ring.keyIdOf(sealed)).isEqualTo(ring.primaryId());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
    }

    @Test
    void sameValueEncryptsDifferentlyEachTime() {
        KeyRing ring = KeyRing.generate();
        assertThat(ring.seal("v", "ad")).isNotEqualTo(ring.seal("v", "ad"));
    }

    @Test
    void tamperedCiphertextIsAClearErrorNotGarbage() {
        KeyRing ring = KeyRing.generate();
        byte[] sealed = ring.encrypt("s3cr3t".getBytes(StandardCharsets.UTF_8), AD);
        for (int i = 2 + ring.primaryId().length(); i < sealed.length; i++) {
            byte[] t = sealed.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> ring.decrypt(t, AD))
                    .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
                        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
                    })
                    .hasMessageContaining("altered");
        }
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        KeyRing ring = KeyRing.generate();
        assertThatThrownBy(() -> ring.decrypt(new byte[] {1, 2, 'k', 'x'}, AD)).isInstanceOf(SecretManagerException.class)
                .hasMessageContaining("not a KeyRing ciphertext");
        assertThatThrownBy(() -> ring.open("plain-text-not-sealed", "ad")).isInstanceOf(SecretManagerException.class);
    }

    @Test
    void wrongAssociatedDataFails() {
        KeyRing ring = KeyRing.generate();
        String sealed = ring.seal("token-value", "conn-1\0access_token");

        assertThatThrownBy(() -> ring.open(sealed, "conn-2\0access_token"))
                .isInstanceOfSatisfying(SecretManagerException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR))
                .hasMessageNotContaining("token-value");
        assertThat(ring.open(sealed, "conn-1\0access_token")).isEqualTo("token-value");
    }

    @Test
    void rotationKeepsOldKeysForDecryptionAndEncryptsUnderTheNewPrimary() {
        KeyRing old = KeyRing.of("k1", Map.of("k1", key(1)));
        String before = old.seal("v1", "ad");

        KeyRing rotated = old.withPrimary("k2", key(2));
        String after = rotated.seal("v2", "ad");

        assertThat(rotated.primaryId()).isEqualTo("k2");
        assertThat(rotated.ids()).containsExactly("k2", "k1");
        assertThat(rotated.open(before, "ad")).isEqualTo("v1");
        assertThat(rotated.needsRotation(before)).isTrue();
        assertThat(rotated.needsRotation(after)).isFalse();
        assertThatThrownBy(() -> old.open(after, "ad"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                .hasMessageContaining("'k2'");
    }

    @Test
    void reusingAnIdForAnotherKeyIsRejected() {
        KeyRing ring = KeyRing.of("k1", Map.of("k1", key(1)));
        assertThatThrownBy(() -> ring.withPrimary("k1", key(9))).isInstanceOf(SecretManagerException.class)
                .hasMessageContaining("already in this KeyRing");
        assertThat(ring.withPrimary("k1", key(1)).ids()).containsExactly("k1");
    }

    @Test
    void keysMustBe32BytesWithValidIds() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("k1", new byte[16]);
        keys.put("bad id", key(1));
        assertThatThrownBy(() -> KeyRing.of("k1", keys))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
                })
                .hasMessageContaining("16 bytes").hasMessageContaining("'bad id'");
        assertThatThrownBy(() -> KeyRing.of("k9", Map.of("k1", key(1)))).hasMessageContaining("'k9' is not among");
    }

    @Test
    void textFormIsPrimaryFirstAndErrorsNeverQuoteKeyMaterial() {
        KeyRing ring = KeyRing.parse("k2:" + b64(key(2)) + ", k1:" + b64(key(1)), "test");
        assertThat(ring.primaryId()).isEqualTo("k2");
        assertThat(ring.ids()).containsExactly("k2", "k1");

        String secretish = "k1:" + b64(key(7)).substring(0, 20) + "!!";
        assertThatThrownBy(() -> KeyRing.parse(secretish, "environment variable X"))
                .hasMessageContaining("entry 1 ('k1') is not valid base64")
                .hasMessageNotContaining(b64(key(7)).substring(0, 20));
        assertThatThrownBy(() -> KeyRing.parse("nocolon", "x")).hasMessageContaining("entry 1 is not id:base64");
        assertThatThrownBy(() -> KeyRing.parse(" ", "x")).hasMessageContaining("holds no keys");
    }

    @Test
    void missingVariableSaysWhatToSet() {
        assertThatThrownBy(() -> KeyRing.fromEnv("SECRETREF_TEST_UNSET_VARIABLE_4711"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
                .hasMessageContaining("SECRETREF_TEST_UNSET_VARIABLE_4711 is not set");
    }

    @Test
    void writtenFileIsOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
        KeyRing ring = KeyRing.generate().withPrimary("k-new", key(5));
        Path file = dir.resolve("sub/keys");
        ring.writeTo(file);

        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        KeyRing back = KeyRing.fromFile(file);
        assertThat(back.ids()).containsExactlyElementsOf(ring.ids());
        assertThat(back.open(ring.seal("x", "ad"), "ad")).isEqualTo("x");
        assertThatThrownBy(() -> ring.writeTo(file)).hasMessageContaining("already exists");
    }

    @Test
    void toStringShowsIdsOnly() {
        KeyRing ring = KeyRing.of("k1", Map.of("k1", key(0x41)));
        assertThat(ring.toString()).isEqualTo("KeyRing[primary=k1, ids=[k1]]")
                .doesNotContain(b64(key(0x41))).doesNotContain("AAAA");
    }
}
