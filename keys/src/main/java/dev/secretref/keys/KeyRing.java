package dev.secretref.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-256-GCM keys named by id: the primary encrypts, every key decrypts. Google Tink does the AEAD; no
 * Tink type appears in this API.
 *
 * <pre>{@code
 * KeyRing keys = KeyRing.fromEnv("SECRETREF_KEYS");          // "k2:base64,k1:base64", primary first
 * byte[] sealed = keys.encrypt(value, associatedData);        // carries the key id "k2"
 * byte[] value = keys.decrypt(sealed, associatedData);        // any key of the ring, found by id
 * KeyRing rotated = keys.withPrimary("k3", newKey);           // k3 encrypts; k2, k1 still decrypt
 * }</pre>
 *
 * <p>A ciphertext is {@code 0x01 | id length | id (UTF-8) | IV (12) | ciphertext | tag (16)}. The associated
 * data is authenticated, not stored: decrypting with other associated data fails, so a value bound to one
 * credential and field cannot be replayed as another. Immutable and thread-safe. {@link #toString()} shows key
 * ids only, never key material.
 */
public final class KeyRing {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final byte FORMAT = 0x01;
    /** Key ids: what fits in the ciphertext header and in an env variable entry. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int KEY_BYTES = 32;
    private static final int OVERHEAD = 12 + 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String primaryId;
    private final Map<String, Entry> keys;   // insertion order: primary first

    private KeyRing(String primaryId, Map<String, Entry> keys) {
        this.primaryId = primaryId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    // ---------------------------------------------------------------- creating

    /** A ring of one fresh random key, with a random id like {@code k3f9a01c2}. */
    public static KeyRing generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        try {
            return of("k" + HexFormat.of().formatHex(id), Map.of("k" + HexFormat.of().formatHex(id), key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A ring of {@code keys} (id to 32-byte AES-256 key) whose primary is {@code primaryId}. The bytes are copied.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} naming every bad id or key length
     */
    public static KeyRing of(String primaryId, Map<String, byte[]> keys) {
        Objects.requireNonNull(primaryId, "primaryId");
        Objects.requireNonNull(keys, "keys");
        List<String> problems = new ArrayList<>();
        if (!keys.containsKey(primaryId)) problems.add("the primary key id '" + safeId(primaryId) + "' is not among the keys");
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        order.add(primaryId);
        keys.keySet().stream().filter(id -> !id.equals(primaryId)).forEach(order::add);
        for (String id : order) {
            byte[] key = keys.get(id);
            if (key == null) continue;
            if (!ID.matcher(id).matches()) {
                problems.add("key id '" + safeId(id) + "' must be 1 to 32 letters, digits, '.', '_' or '-'");
            } else if (key.length != KEY_BYTES) {
                problems.add("key '" + id + "' has " + key.length + " bytes; an AES-256 key has 32");
            } else {
                entries.put(id, new Entry(id, key));
            }
        }
        if (!problems.isEmpty()) throw invalid("Invalid KeyRing: " + String.join("; ", problems));
        return new KeyRing(primaryId, entries);
    }

    /**
     * The ring in environment variable {@code variable}: {@code id:base64,id:base64,...}, primary first.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when the variable is unset or malformed
     *     (the message names the entry, never its text)
     */
    public static KeyRing fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        String text = System.getenv(variable);
        if (text == null || text.isBlank()) {
            throw invalid("Environment variable " + variable + " is not set; it must hold keys as id:base64,id:base64 "
                    + "(primary first, 32-byte keys)");
        }
        return parse(text, "environment variable " + variable);
    }

    /**
     * The ring in {@code file}: {@code id:base64} entries separated by commas or new lines, primary first. Warns
     * when the file is readable by group or others.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when it cannot be read or is malformed
     */
    public static KeyRing fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("Cannot read the key file " + file.toAbsolutePath() + ": " + e.getClass().getSimpleName()
                    + "; check that it exists and this process may read it");
        }
        warnIfOpen(file);
        return parse(text, "key file " + file.toAbsolutePath());
    }

    /** Parses {@code id:base64,...}; {@code source} names where the text came from in errors. */
    static KeyRing parse(String text, String source) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String primary = null;
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("[,\\s]+")) {
            if (raw.isEmpty()) continue;
            n++;
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                problems.add("entry " + n + " is not id:base64");
                continue;
            }
            String id = raw.substring(0, colon);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(raw.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                problems.add("entry " + n + " ('" + safeId(id) + "') is not valid base64");
                continue;
            }
            if (keys.putIfAbsent(id, key) != null) {
                problems.add("key id '" + safeId(id) + "' appears twice");
                continue;
            }
            if (primary == null) primary = id;
        }
        if (primary == null && problems.isEmpty()) problems.add("it holds no keys");
        if (!problems.isEmpty()) throw invalid("Invalid keys in " + source + ": " + String.join("; ", problems));
        try {
            return of(primary, keys);
        } catch (SecretManagerException e) {
            throw invalid("Invalid keys in " + source + ": " + e.getMessage());
        } finally {
            keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    /**
     * A ring whose primary is {@code id} holding {@code key}, keeping this ring's keys for decryption. The id may
     * already be in the ring only with the same key.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} for a bad id or key, or an id already
     *     used for another key
     */
    public KeyRing withPrimary(String id, byte[] key) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Entry existing = keys.get(id);
        if (existing != null && !existing.sameKey(key)) {
            throw invalid("Key id '" + id + "' is already in this KeyRing with another key; give the new key a new id");
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(id, key);
        for (Entry e : keys.values()) all.putIfAbsent(e.id, e.key);
        return of(id, all);
    }

    // ---------------------------------------------------------------- using

    /** The id of the key that encrypts. */
    public String primaryId() { return primaryId; }

    /** Every key id, primary first. */
    public Set<String> ids() { return Collections.unmodifiableSet(new LinkedHashSet<>(keys.keySet())); }

    /** Encrypts under the primary key, binding {@code associatedData} (may be empty, not null). */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        Entry e = keys.get(primaryId);
        byte[] body;
        try {
            body = e.aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException ex) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.PROVIDER_ERROR)
                    .message("Encryption under key '" + primaryId + "' failed: " + ex.getClass().getSimpleName()).build();
        }
        byte[] id = primaryId.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + id.length + body.length];
        out[0] = FORMAT;
        out[1] = (byte) id.length;
        System.arraycopy(id, 0, out, 2, id.length);
        System.arraycopy(body, 0, out, 2 + id.length, body.length);
        return out;
    }

    /**
     * Decrypts a ciphertext of {@link #encrypt} with the key it names.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_GET_SECRET_FAILED}: {@code ACCESS_DENIED} when the
     *     ring lacks the key it names; {@code PROVIDER_ERROR} when it is malformed, was altered, or was bound to
     *     other associated data. Never returns garbage.
     */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(associatedData, "associatedData");
        String id = keyIdOf(ciphertext);
        Entry e = keys.get(id);
        if (e == null) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.ACCESS_DENIED)
                    .message("The value was encrypted with key '" + id + "', which this KeyRing does not hold (it has "
                            + keys.keySet() + "); add that key to the ring, after the primary").build();
        }
        try {
            return e.aead.decrypt(Arrays.copyOfRange(ciphertext, 2 + id.length(), ciphertext.length), associatedData);
        } catch (GeneralSecurityException ex) {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                    .message("The value could not be decrypted with key '" + id + "': it was altered, or it belongs "
                            + "to another record (associated data differs)").build();
        }
    }

    /**
     * The id of the key a ciphertext of {@link #encrypt} names.
     *
     * @throws SecretManagerException {@code SECRET_MANAGER_GET_SECRET_FAILED / PROVIDER_ERROR} when it is not one
     */
    public String keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 2 || ciphertext[0] != FORMAT || ciphertext[1] <= 0
                || ciphertext.length < 2 + ciphertext[1] + OVERHEAD) {
            throw malformed();
        }
        String id = new String(ciphertext, 2, ciphertext[1], StandardCharsets.US_ASCII);
        if (!ID.matcher(id).matches()) throw malformed();
        return id;
    }

    /** True when {@code ciphertext} was encrypted under a key other than the primary (rotation re-encrypts it). */
    public boolean needsRotation(byte[] ciphertext) {
        return !keyIdOf(ciphertext).equals(primaryId);
    }

    /** {@link #encrypt} of UTF-8 text, as URL-safe base64 text without padding (for text columns). */
    public String seal(String plaintext, String associatedData) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reverses {@link #seal}; fails as {@link #decrypt} does. */
    public String open(String sealed, String associatedData) {
        return new String(decrypt(unbase64(sealed), associatedData.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** {@link #needsRotation} for text of {@link #seal}. */
    public boolean needsRotation(String sealed) {
        return needsRotation(unbase64(sealed));
    }

    private static byte[] unbase64(String sealed) {
        try {
            return Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    /**
     * Writes this ring to a new file in the {@link #fromFile} format, readable and writable by its owner only
     * (0600) where the file system has POSIX permissions.
     *
     * @throws SecretManagerException {@code VALIDATION / INVALID_CONFIG} when the file exists or cannot be written
     */
    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            boolean posix = Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null;
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
                var f = file.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                boolean first = true;
                for (Entry e : keys.values()) {
                    if (!first) w.write(',');
                    w.write(e.id + ":" + Base64.getEncoder().encodeToString(e.key));
                    first = false;
                }
                w.write('\n');
            }
        } catch (FileAlreadyExistsException e) {
            throw invalid("The key file " + file.toAbsolutePath() + " already exists; not overwriting it");
        } catch (IOException e) {
            throw invalid("Cannot write the key file " + file.toAbsolutePath() + ": " + e.getClass().getSimpleName());
        }
    }

    private static void warnIfOpen(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) return;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    LOG.warn("Key file {} is accessible by group or others ({}); restrict it to its owner (chmod 600)",
                            file.toAbsolutePath(), PosixFilePermissions.toString(perms));
                    return;
                }
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // permissions unknown: nothing to warn about
        }
    }

    private static SecretManagerException malformed() {
        return SecretManagerException.builder(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, Reason.PROVIDER_ERROR)
                .message("The value is not a KeyRing ciphertext (wrong format or truncated); it was altered or "
                        + "written by something else").build();
    }

    private static SecretManagerException invalid(String message) {
        return SecretManagerException.validation(Reason.INVALID_CONFIG, message);
    }

    /** An id as typed, cut short and stripped of odd characters, for messages. */
    private static String safeId(String id) {
        String s = id.length() > 32 ? id.substring(0, 32) + "..." : id;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Key ids only. */
    @Override
    public String toString() {
        return "KeyRing[primary=" + primaryId + ", ids=" + keys.keySet() + "]";
    }

    /** One key: its id, its bytes (for {@link #writeTo} and comparisons) and its Tink primitive. */
    private static final class Entry {
        final String id;
        final byte[] key;
        final Aead aead;

        Entry(String id, byte[] key) {
            this.id = id;
            this.key = key.clone();
            try {
                AesGcmParameters params = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                        .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
                AesGcmKey k = AesGcmKey.builder().setParameters(params)
                        .setKeyBytes(SecretBytes.copyFrom(this.key, InsecureSecretKeyAccess.get())).build();
                this.aead = AesGcmJce.create(k);
            } catch (GeneralSecurityException e) {
                throw invalid("Key '" + id + "' cannot be used for AES-256-GCM: " + e.getClass().getSimpleName());
            }
        }

        boolean sameKey(byte[] other) {
            return java.security.MessageDigest.isEqual(key, other);
        }

        @Override
        public String toString() { return "Key[" + id + "]"; }
    }
}
