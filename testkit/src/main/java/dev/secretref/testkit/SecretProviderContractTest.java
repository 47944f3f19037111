package dev.secretref.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretref.ErrorCode;
import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.spi.FetchResult;
import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretPage;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretProviderFactory;
import dev.secretref.spi.SecretQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SecretProvider} must keep. A provider module proves it with one small
 * subclass that seeds its fake store and builds a provider against it:
 *
 * <pre>{@code
 * final class AwsProviderContractTest extends SecretProviderContractTest {
 *     protected String providerId() { return "aws"; }
 *     protected String pathFor(String name) { return "contract/" + name; }
 *     protected SecretProvider provider(Map<String, String> secrets) { ... seed a FakeHttpServer-based fake, build provider ... }
 *     protected SecretProvider unreachableProvider() { ... }
 *     protected List<String> malformedPaths() { return List.of("", ":key"); }
 * }
 * }</pre>
 *
 * Names handed to {@link #pathFor} are short ASCII words ({@code alpha}, {@code empty}, ...); values
 * include {@code ""}, {@code "0"}, {@code "false"}, {@code "null"} and 64 KiB of mixed Unicode.
 *
 * <p>Nested groups pin the cross-cutting rules; each is skipped (a JUnit assumption) when the provider
 * cannot take part, by leaving the hook at its default:
 * <ul>
 *   <li>{@link Tls}: a server whose certificate no JVM CA signed is refused with a message naming
 *       {@code caCertificate}; with the CA as {@code caCertificate} it is trusted. Hook: {@link #tlsProvider}.</li>
 *   <li>{@link Redaction}: nothing logged (slf4j-simple, captured with {@link LogCapture}) while fetching,
 *       failing and checking holds a value or a credential.</li>
 *   <li>{@link Lifecycle}: {@code close()} may be called twice.</li>
 *   <li>{@link Listing}: {@code list} and {@code search} return names, never values; a search matches text
 *       case-insensitively and its pages neither overlap nor skip. Hook: {@link #listPrefix()}.</li>
 *   <li>{@link ErrorCodes}: an unreachable store is {@code SECRET_MANAGER_CONNECTION_FAILED} (DESIGN §4).
 *       Hook: {@link #providerAt}.</li>
 * </ul>
 * Helpers for provider tests: {@link FakeTicker}, {@link TestCertificates}, {@link LogCapture}, {@link FakeHttpServer},
 * {@link SearchPages}.
 */
public abstract class SecretProviderContractTest {
    /** A value no test store should echo: if it appears in a message, the provider leaks values. */
    protected static final String CANARY = "canary-Zq8r!x_value-7f3e";

    private final List<SecretProvider> created = new ArrayList<>();

    /** The provider id registered through ServiceLoader. */
    protected abstract String providerId();

    /** A valid path, in this provider's syntax, under which {@link #provider} stores the secret {@code name}. */
    protected abstract String pathFor(String name);

    /**
     * A provider whose store holds exactly {@code secrets} (path from {@link #pathFor} to value), e.g. by
     * seeding a local fake server. Called once per test.
     */
    protected abstract SecretProvider provider(Map<String, String> secrets);

    /** A provider whose {@code checkConnection} fails (wrong credentials or no server), or null if none can fail. */
    protected abstract SecretProvider unreachableProvider();

    /** Paths this provider must reject in {@code validatePath}; empty when every string is a valid path. */
    protected abstract List<String> malformedPaths();

    /** Credentials configured in the providers built here; none may appear in a message or toString. */
    protected Set<String> credentials() { return Set.of(); }

    /** Whether the store can hold an empty value (Conjur cannot: an empty variable has no value). */
    protected boolean supportsEmptyValue() { return true; }

    /**
     * A provider whose store holds {@code secrets} and is served over HTTPS with {@code certificates}'
     * server certificate; with {@code trustCa} the config sets {@code caCertificate} to
     * {@link TestCertificates#caCertificatePem()}, else it sets none. Null (the default) when the provider
     * does not talk TLS: the {@link Tls} group is skipped.
     */
    protected SecretProvider tlsProvider(Map<String, String> secrets, TestCertificates certificates, boolean trustCa) {
        return null;
    }

    /**
     * A provider configured to reach its store at {@code baseUrl} ({@code http://127.0.0.1:<port>}, where
     * nothing listens), for the error-code rule. Null (the default) when the provider has no address to
     * point elsewhere: the {@link ErrorCodes} group is skipped.
     */
    protected SecretProvider providerAt(String baseUrl) {
        return null;
    }

    /**
     * The prefix to list after seeding {@code alpha} and {@code beta} (e.g. the folder {@link #pathFor} uses),
     * or null (the default) when the provider does not list: the {@link Listing} group is skipped.
     */
    protected String listPrefix() {
        return null;
    }

    private SecretProvider track(SecretProvider p) {
        created.add(p);
        return p;
    }

    private SecretProvider seeded(Map<String, String> byName) {
        Map<String, String> byPath = new LinkedHashMap<>();
        byName.forEach((n, v) -> byPath.put(pathFor(n), v));
        return track(provider(byPath));
    }

    @AfterEach
    void closeProviders() {
        created.forEach(SecretProvider::close);
        created.clear();
    }

    @Test
    void fetchesASeededValue() {
        SecretProvider p = seeded(Map.of("alpha", "value-of-alpha"));
        assertThat(p.fetch(pathFor("alpha"))).isEqualTo("value-of-alpha");
    }

    @Test
    void missingSecretIsNotFound() {
        SecretProvider p = seeded(Map.of("alpha", "value-of-alpha"));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch(pathFor("missing")));
        assertThat(e).as("fetching a missing secret").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
    }

    @Test
    void edgeValuesRoundTripExactly() {
        Map<String, String> values = new LinkedHashMap<>();
        if (supportsEmptyValue()) values.put("empty", "");
        values.put("zero", "0");
        values.put("false", "false");
        values.put("null", "null");
        values.put("big", bigUnicode());
        SecretProvider p = seeded(values);
        values.forEach((name, v) -> assertThat(p.fetch(pathFor(name))).as(name).isEqualTo(v));
    }

    @Test
    void fetchAllReturnsOneResultPerPathMixingValuesAndErrors() {
        SecretProvider p = seeded(Map.of("alpha", "A", "beta", "B"));
        Set<String> asked = new LinkedHashSet<>(List.of(pathFor("alpha"), pathFor("missing"), pathFor("beta")));
        Map<String, FetchResult> got = p.fetchAll(asked);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(asked);
        assertThat(got.get(pathFor("alpha")).valueOrThrow()).isEqualTo("A");
        assertThat(got.get(pathFor("beta")).valueOrThrow()).isEqualTo("B");
        assertThat(got.get(pathFor("missing")).isValue()).isFalse();
        assertThat(got.get(pathFor("missing")).error().reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void concurrentFetchesAreSafe() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) values.put("s" + i, "value-" + i);
        SecretProvider p = seeded(values);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int k = i % 8;
                calls.add(() -> p.fetch(pathFor("s" + k)).equals("value-" + k));
            }
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checkConnectionSucceedsAgainstAHealthyStore() {
        SecretProvider p = seeded(Map.of("alpha", "A"));
        assertThatCode(p::checkConnection).doesNotThrowAnyException();
    }

    @Test
    void checkConnectionFailsClearlyAgainstABrokenStore() {
        SecretProvider p = unreachableProvider();
        assumeTrue(p != null, "this provider cannot fail a connection check");
        track(p);
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, p::checkConnection);
        assertThat(e).as("checkConnection against a broken store").isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        assertNoSecretIn(e);
    }

    @Test
    void malformedPathsAreRejectedByValidatePath() {
        List<String> bad = malformedPaths();
        assumeTrue(!bad.isEmpty(), "every string is a valid path for this provider");
        SecretProvider p = seeded(Map.of("alpha", "A"));
        for (String path : bad) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.validatePath(path));
            assertThat(e).as("validatePath(\"%s\")", path).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        }
        assertThatCode(() -> p.validatePath(pathFor("alpha"))).doesNotThrowAnyException();
    }

    @Test
    void noSecretValueOrCredentialInMessagesOrToString() {
        SecretProvider p = seeded(Map.of("alpha", CANARY));
        assertThat(p.fetch(pathFor("alpha"))).isEqualTo(CANARY);
        List<Throwable> errors = new ArrayList<>();
        try {
            p.fetch(pathFor("missing"));
        } catch (RuntimeException e) {
            errors.add(e);
        }
        p.fetchAll(Set.of(pathFor("alpha"), pathFor("missing"))).values().forEach(r -> {
            if (!r.isValue()) errors.add(r.error());
            assertThat(r.toString()).doesNotContain(CANARY);
        });
        for (String bad : malformedPaths()) {
            try {
                p.validatePath(bad);
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        assertThat(errors).isNotEmpty();
        errors.forEach(this::assertNoSecretIn);
        assertThat(p.toString()).doesNotContain(CANARY);
        credentials().forEach(c -> assertThat(p.toString()).doesNotContain(c));
    }

    @Test
    void isDiscoverableThroughServiceLoaderExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (SecretProviderFactory f : ServiceLoader.load(SecretProviderFactory.class)) {
            ids.add(f.id());
        }
        assertThat(ids).filteredOn(providerId()::equals).hasSize(1);
        SecretProviderFactory factory = ServiceLoader.load(SecretProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.id().equals(providerId())).findFirst().orElseThrow();
        assertThat(factory.descriptor().id()).isEqualTo(providerId());
        assertThat(factory.descriptor().pathFormat()).isNotBlank();
        assertThat(factory.descriptor().fields().stream().filter(f -> f.isSensitive())
                .allMatch(f -> !f.help().isBlank())).isTrue();
    }

    /** TLS is always verified, and {@code caCertificate} adds a CA to trust. */
    @Nested
    @DisplayName("TLS")
    class Tls {
        private TestCertificates certificates() {
            return SharedCertificates.INSTANCE;
        }

        @Test
        void aServerCertificateNoTrustedCaSignedIsRefusedNamingCaCertificate() {
            SecretProvider p = tlsProvider(Map.of(pathFor("alpha"), "over-tls"), certificates(), false);
            assumeTrue(p != null, "this provider does not talk TLS");
            track(p);
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch(pathFor("alpha")));
            assertThat(e).as("fetching from an untrusted server").isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("caCertificate");
            assertNoSecretIn(e);
        }

        @Test
        void theIssuingCaAsCaCertificateIsTrusted() {
            SecretProvider p = tlsProvider(Map.of(pathFor("alpha"), "over-tls"), certificates(), true);
            assumeTrue(p != null, "this provider does not talk TLS");
            track(p);
            assertThat(p.fetch(pathFor("alpha"))).isEqualTo("over-tls");
            assertThatCode(p::checkConnection).doesNotThrowAnyException();
        }
    }

    /** Logs hold no value and no credential, on success and failure paths. */
    @Nested
    class Redaction {
        @Test
        void logsHoldNoValueOrCredential() {
            String logged;
            try (LogCapture logs = LogCapture.start()) {
                SecretProvider p = seeded(Map.of("alpha", CANARY));
                p.fetch(pathFor("alpha"));
                try {
                    p.fetch(pathFor("missing"));
                } catch (SecretManagerException expected) {
                    // the message is checked elsewhere; here only what was logged matters
                }
                p.fetchAll(Set.of(pathFor("alpha"), pathFor("missing")));
                p.checkConnection();
                SecretProvider broken = unreachableProvider();
                if (broken != null) {
                    track(broken);
                    try {
                        broken.checkConnection();
                    } catch (SecretManagerException expected) {
                        // logged lines are what is checked
                    }
                }
                p.close();
                logged = logs.text();
            }
            assertThat(logged).doesNotContain(CANARY);
            for (String c : credentials()) assertThat(logged).doesNotContain(c);
        }
    }

    /** Closing. */
    @Nested
    class Lifecycle {
        @Test
        void closeIsIdempotent() {
            SecretProvider p = seeded(Map.of("alpha", "A"));
            p.fetch(pathFor("alpha"));
            assertThatCode(() -> {
                p.close();
                p.close();
            }).doesNotThrowAnyException();
        }
    }

    /** Listing gives names. */
    @Nested
    class Listing {
        @Test
        void listReturnsNamesNeverValues() {
            String prefix = listPrefix();
            assumeTrue(prefix != null, "this provider does not list");
            SecretProvider p = seeded(Map.of("alpha", CANARY, "beta", CANARY + "-2"));
            List<SecretInfo> names = p.list(prefix);
            assertThat(names).isNotEmpty();
            for (SecretInfo info : names) {
                assertThat(info.path() + " " + info.description() + " " + info).doesNotContain(CANARY);
            }
        }

        @Test
        void searchMatchesNamesCaseInsensitively() {
            String prefix = listPrefix();
            assumeTrue(prefix != null, "this provider does not list");
            SecretProvider p = seeded(Map.of("alpha", CANARY, "beta", CANARY + "-2"));
            SecretPage page = p.search(SecretQuery.of("ALPH").under(prefix));
            assertThat(page.items()).isNotEmpty()
                    .allSatisfy(i -> assertThat(i.path().toLowerCase(java.util.Locale.ROOT)).contains("alph"));
            assertThat(page.items()).noneSatisfy(i -> assertThat(i.path()).containsIgnoringCase("beta"));
            assertThat(page.toString() + page.items()).doesNotContain(CANARY);
        }

        @Test
        void searchPagesNeitherOverlapNorSkip() {
            String prefix = listPrefix();
            assumeTrue(prefix != null, "this provider does not list");
            SecretProvider p = seeded(Map.of("alpha", "1", "beta", "2", "gamma", "3", "delta", "4"));
            List<String> whole = p.search(SecretQuery.all().under(prefix).limit(SecretQuery.MAX_LIMIT)).items().stream()
                    .map(SecretInfo::path).toList();
            List<String> paged = new ArrayList<>();
            SecretPage page;
            int offset = 0;
            do {
                page = p.search(SecretQuery.all().under(prefix).offset(offset).limit(1));
                assertThat(page.items()).hasSizeLessThanOrEqualTo(1);
                page.items().forEach(i -> paged.add(i.path()));
                offset++;
            } while (page.hasMore() && offset <= whole.size());
            assertThat(whole).hasSizeGreaterThanOrEqualTo(4);
            assertThat(paged).containsExactlyElementsOf(whole);
        }
    }

    /** DESIGN §4: the code says whether the store was reached. */
    @Nested
    class ErrorCodes {
        @Test
        void anUnreachableStoreIsConnectionFailed() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                port = s.getLocalPort();
            }
            SecretProvider p = providerAt("http://127.0.0.1:" + port);
            assumeTrue(p != null, "this provider has no address to point elsewhere");
            track(p);
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> p.fetch(pathFor("alpha")));
            assertThat(e).as("fetching from a store nothing listens for").isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
            assertThat(e.reason()).isIn(Reason.UNREACHABLE, Reason.TIMEOUT);
            FetchResult r = p.fetchAll(Set.of(pathFor("alpha"))).get(pathFor("alpha"));
            assertThat(r.isValue()).isFalse();
            assertThat(r.error().code()).isEqualTo(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
        }
    }

    /** One CA and server certificate per JVM: generating them costs a few milliseconds, not per test. */
    private static final class SharedCertificates {
        static final TestCertificates INSTANCE = TestCertificates.localhost();
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

    /** 64 KiB of text mixing ASCII, accents, CJK, emoji (surrogate pairs) and newlines. */
    protected static String bigUnicode() {
        String unit = "Grüße, 世界! 🔐 \"quoted\" \\ back\\slash\ttab\nline ";
        StringBuilder sb = new StringBuilder(64 * 1024 + unit.length());
        while (sb.length() < 64 * 1024) sb.append(unit);
        return sb.toString();
    }
}
