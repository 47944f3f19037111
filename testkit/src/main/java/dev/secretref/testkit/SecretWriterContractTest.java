package dev.secretref.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SecretWriter} must keep (DESIGN §7.1, §7.6). A provider module proves it with one
 * small subclass that builds a provider, against an empty local fake of its store, whose
 * {@link SecretProvider#writer()} is present:
 *
 * <pre>{@code
 * final class AwsWriterContractTest extends SecretWriterContractTest {
 *     protected SecretProvider writableProvider() { ... start or reset the fake, build the provider ... }
 *     protected Set<String> credentials() { return Set.of(ACCESS_KEY, SECRET_KEY); }
 * }
 * }</pre>
 *
 * What it pins: {@code write} returns one path per field and {@link SecretProvider#fetch} of each path gives the
 * field's value; a second write gives new values (and drops fields no longer written, where the store replaces
 * whole secrets); {@code delete} makes every path {@code NOT_FOUND} and deleting an absent name is no error; names
 * outside {@code [A-Za-z0-9-]{1,64}} are {@code VALIDATION / INVALID_REFERENCE} before any remote call; values with
 * newlines, quotes, backslashes, Unicode (including characters outside the BMP) and 32 KiB survive exactly; no
 * value or credential appears in a message or {@code toString}.
 *
 * <p>Hooks for stores that differ: {@link #supportsDelete()} (Conjur removes variables only through policy, so its
 * {@code delete} must be {@code VALIDATION / UNSUPPORTED}), {@link #declare} (a store where a secret must exist
 * before it is written, such as a Conjur variable declared in policy), {@link #canRewriteAfterDelete()} (a store that keeps deleted names for a
 * recovery window), {@link #replacesWholeSecret()} (a store that
 * keeps each field as its own secret cannot drop a field on rewrite) and {@link #remoteCalls()} (so the kit can
 * prove that invalid input never reaches the store).
 */
public abstract class SecretWriterContractTest {
    /** A value no store should echo: if it appears in a message, the writer leaks values. */
    protected static final String CANARY = "canary-Wr1te!x_value-9c2d";

    /** The size, in UTF-8 bytes, of the large value the kit writes (DESIGN §7.6). */
    protected static final int LARGE_VALUE_BYTES = 32 * 1024;

    private final List<SecretProvider> created = new ArrayList<>();

    /**
     * A provider whose store starts empty for this test's names and whose {@link SecretProvider#writer()} is
     * present. Called once per test; the kit closes it.
     */
    protected abstract SecretProvider writableProvider();

    /** Credentials configured in the provider; none may appear in a message or {@code toString}. */
    protected Set<String> credentials() { return Set.of(); }

    /** Whether {@link SecretWriter#delete} removes secrets; when false it must be {@code VALIDATION / UNSUPPORTED}. */
    protected boolean supportsDelete() { return true; }

    /**
     * Whether a name can be written again right after {@link SecretWriter#delete}. False for a store that keeps a
     * deleted secret in a recovery window under its name (AWS with {@code deleteRecoveryDays > 0}, Azure soft-delete).
     */
    protected boolean canRewriteAfterDelete() { return true; }

    /**
     * Whether a write replaces the whole secret, so a field left out of a rewrite is gone afterwards. False for a
     * store that keeps each field as its own secret (Conjur variables).
     */
    protected boolean replacesWholeSecret() { return true; }

    /**
     * Called before the kit writes {@code fields} under {@code name}, for a store where the target must be
     * declared first (Conjur: declare {@code <prefix><name>/<field>} variables in the fake's policy). The default
     * does nothing.
     */
    protected void declare(String name, Set<String> fields) { }

    /** Calls the fake store has received so far, or {@code -1} when the subclass does not count them. */
    protected long remoteCalls() { return -1; }

    /** Field names the writer must refuse with {@code VALIDATION}; the empty name by default. */
    protected List<String> invalidFieldNames() { return List.of(""); }

    @AfterEach
    void closeProviders() {
        created.forEach(SecretProvider::close);
        created.clear();
    }

    private SecretProvider provider() {
        SecretProvider p = writableProvider();
        created.add(p);
        return p;
    }

    private static SecretWriter writerOf(SecretProvider p) {
        assertThat(p.writer()).as("writer() of a writable provider").isPresent();
        return p.writer().orElseThrow();
    }

    private Map<String, String> write(SecretWriter w, String name, Map<String, String> fields) {
        declare(name, fields.keySet());
        Map<String, String> paths = w.write(name, fields);
        assertThat(paths).as("paths returned by write(%s)", name).containsOnlyKeys(fields.keySet());
        return paths;
    }

    @Test
    void writtenFieldsAreReadBackThroughTheReturnedPaths() {
        SecretProvider p = provider();
        Map<String, String> fields = ordered("username", "app-user", "password", "s3cr3t-value");
        Map<String, String> paths = write(writerOf(p), "contract-alpha", fields);
        assertThat(paths.get("username")).isNotEqualTo(paths.get("password"));
        fields.forEach((field, value) -> {
            String path = paths.get(field);
            assertThatCode(() -> p.validatePath(path)).as("validatePath(%s)", path).doesNotThrowAnyException();
            assertThat(p.fetch(path)).as("fetch(%s)", path).isEqualTo(value);
        });
    }

    @Test
    void writingAgainGivesTheNewValuesUnderTheSamePaths() {
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        Map<String, String> first = write(w, "contract-rotate", ordered("token", "first-token", "refresh", "first-refresh"));
        Map<String, String> second = write(w, "contract-rotate", ordered("token", "second-token", "refresh", "second-refresh"));
        assertThat(second).isEqualTo(first);
        assertThat(p.fetch(second.get("token"))).isEqualTo("second-token");
        assertThat(p.fetch(second.get("refresh"))).isEqualTo("second-refresh");
    }

    @Test
    void aRewriteHoldsExactlyTheNewFields() {
        assumeTrue(replacesWholeSecret(), "this store keeps each field as its own secret");
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        Map<String, String> first = write(w, "contract-shrink", ordered("keep", "v1", "drop", "gone-soon"));
        write(w, "contract-shrink", ordered("keep", "v2"));
        assertThat(p.fetch(first.get("keep"))).isEqualTo("v2");
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch(first.get("drop")));
        assertThat(e).as("fetching a field the rewrite left out").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void deleteMakesEveryWrittenPathNotFound() {
        assumeTrue(supportsDelete(), "this store cannot delete");
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        Map<String, String> paths = write(w, "contract-doomed", ordered("a", "1", "b", "2"));
        w.delete("contract-doomed");
        for (String path : paths.values()) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch(path));
            assertThat(e).as("fetch(%s) after delete", path).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    void deletingAnAbsentNameIsNoError() {
        assumeTrue(supportsDelete(), "this store cannot delete");
        SecretWriter w = writerOf(provider());
        assertThatCode(() -> w.delete("contract-never-written")).doesNotThrowAnyException();
    }

    @Test
    void aNameCanBeWrittenAgainAfterDelete() {
        assumeTrue(supportsDelete(), "this store cannot delete");
        assumeTrue(canRewriteAfterDelete(), "this store keeps deleted names in a recovery window");
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        write(w, "contract-phoenix", ordered("v", "before"));
        w.delete("contract-phoenix");
        Map<String, String> paths = write(w, "contract-phoenix", ordered("v", "after"));
        assertThat(p.fetch(paths.get("v"))).isEqualTo("after");
    }

    @Test
    void deleteOfAStoreThatCannotDeleteIsUnsupported() {
        assumeTrue(!supportsDelete(), "this store can delete");
        SecretWriter w = writerOf(provider());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> w.delete("contract-alpha"));
        assertThat(e).as("delete on a store that cannot delete").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void namesOutsideTheCredentialIdRuleAreRejectedBeforeAnyRemoteCall() {
        SecretWriter w = writerOf(provider());
        List<String> bad = List.of("a/b", "with space", "x".repeat(65), "", "dot.ted", "../up", "colon:x", "ünïcode");
        long before = remoteCalls();
        for (String name : bad) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> w.write(name, Map.of("f", CANARY)));
            assertThat(e).as("write(\"%s\")", name).isNotNull();
            assertThat(e.code()).as("write(\"%s\")", name).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).as("write(\"%s\")", name).isEqualTo(Reason.INVALID_REFERENCE);
            assertNoSecretIn(e);
            if (supportsDelete()) {
                SecretManagerException d = catchThrowableOfType(SecretManagerException.class, () -> w.delete(name));
                assertThat(d).as("delete(\"%s\")", name).isNotNull();
                assertThat(d.code()).isEqualTo(ErrorCode.VALIDATION);
                assertThat(d.reason()).isEqualTo(Reason.INVALID_REFERENCE);
            }
        }
        if (before >= 0) {
            assertThat(remoteCalls()).as("remote calls made for invalid names").isEqualTo(before);
        }
    }

    @Test
    void aNameOfSixtyFourCharactersIsAccepted() {
        SecretProvider p = provider();
        String name = "n-" + "0123456789".repeat(6) + "xy";
        assertThat(name).hasSize(64);
        Map<String, String> paths = write(writerOf(p), name, ordered("f", "long-name-value"));
        assertThat(p.fetch(paths.get("f"))).isEqualTo("long-name-value");
    }

    @Test
    void emptyFieldsAndInvalidFieldNamesAreValidationErrors() {
        SecretWriter w = writerOf(provider());
        long before = remoteCalls();
        SecretManagerException empty = catchThrowableOfType(SecretManagerException.class,
                () -> w.write("contract-empty", Map.of()));
        assertThat(empty).as("write with no fields").isNotNull();
        assertThat(empty.code()).isEqualTo(ErrorCode.VALIDATION);
        for (String field : invalidFieldNames()) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> w.write("contract-fields", Map.of(field, CANARY)));
            assertThat(e).as("write with field \"%s\"", field).isNotNull();
            assertThat(e.code()).as("write with field \"%s\"", field).isEqualTo(ErrorCode.VALIDATION);
            assertNoSecretIn(e);
        }
        if (before >= 0) {
            assertThat(remoteCalls()).as("remote calls made for invalid fields").isEqualTo(before);
        }
    }

    @Test
    void awkwardValuesSurviveExactly() {
        SecretProvider p = provider();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("newlines", "line one\nline two\r\nline three\n");
        fields.put("quotes", "she said \"hi\" and 'bye' `tick`");
        fields.put("backslashes", "C:\\path\\to\\file \\n not a newline \\\"");
        fields.put("json", "{\"nested\":{\"a\":[1,2,3]},\"b\":null}");
        fields.put("unicode", "Grüße, 世界, Ελληνικά, עברית");
        fields.put("astral", "key 🔐 lock, 𝄞 clef, 🧑‍💻 coder");
        fields.put("spaces", "  padded both ends  ");
        fields.put("pem", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
        Map<String, String> paths = write(writerOf(p), "contract-awkward", fields);
        fields.forEach((field, value) -> assertThat(p.fetch(paths.get(field))).as(field).isEqualTo(value));
    }

    @Test
    void aLargeValueSurvivesExactly() {
        SecretProvider p = provider();
        String big = largeValue();
        assertThat(big.getBytes(StandardCharsets.UTF_8)).hasSize(LARGE_VALUE_BYTES);
        Map<String, String> paths = write(writerOf(p), "contract-large", ordered("blob", big));
        assertThat(p.fetch(paths.get("blob"))).isEqualTo(big);
    }

    @Test
    void writesOfDistinctNamesMayRunInParallel() throws Exception {
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        for (int i = 0; i < 8; i++) declare("contract-par-" + i, Set.of("v"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Map<String, String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int k = i;
                calls.add(() -> w.write("contract-par-" + k, Map.of("v", "value-" + k)));
            }
            List<Future<Map<String, String>>> done = pool.invokeAll(calls);
            for (int i = 0; i < 8; i++) {
                assertThat(p.fetch(done.get(i).get().get("v"))).isEqualTo("value-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noValueOrCredentialInMessagesOrToString() {
        SecretProvider p = provider();
        SecretWriter w = writerOf(p);
        write(w, "contract-canary", ordered("secret", CANARY));
        List<Throwable> errors = new ArrayList<>();
        for (String name : List.of("bad name", "")) {
            try {
                w.write(name, Map.of("secret", CANARY));
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        try {
            w.write("contract-canary", Map.of());
        } catch (RuntimeException e) {
            errors.add(e);
        }
        assertThat(errors).hasSize(3);
        errors.forEach(this::assertNoSecretIn);
        for (String text : List.of(w.toString(), p.toString())) {
            assertThat(text).doesNotContain(CANARY);
            credentials().forEach(c -> assertThat(text).doesNotContain(c));
        }
    }

    /** Asserts that neither the message nor the causes of {@code t} hold the canary or a credential. */
    protected final void assertNoSecretIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String text = String.valueOf(c.getMessage()) + " " + c;
            assertThat(text).as("message of %s", c.getClass().getSimpleName()).doesNotContain(CANARY);
            for (String cred : credentials()) {
                assertThat(text).as("message of %s", c.getClass().getSimpleName()).doesNotContain(cred);
            }
        }
    }

    /**
     * Exactly {@link #LARGE_VALUE_BYTES} bytes of UTF-8 mixing ASCII, accents, CJK, emoji (surrogate pairs),
     * quotes, backslashes, tabs and newlines; padded with ASCII to the exact size.
     */
    protected static String largeValue() {
        String unit = "Grüße, 世界! 🔐 \"quoted\" \\ back\\slash\ttab\nline ";
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder sb = new StringBuilder(LARGE_VALUE_BYTES);
        int bytes = 0;
        while (bytes + unitBytes <= LARGE_VALUE_BYTES) {
            sb.append(unit);
            bytes += unitBytes;
        }
        while (bytes < LARGE_VALUE_BYTES) {
            sb.append('x');
            bytes++;
        }
        return sb.toString();
    }

    /** An insertion-ordered map of alternating keys and values. */
    protected static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
