package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretref.spi.SecretInfo;
import dev.secretref.spi.SecretProvider;
import dev.secretref.spi.SecretWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SecretResolver#writer}: DESIGN §7.1, §7.2 and §7.6. */
final class ResolverWriterTest {
    private final List<SecretResolver> opened = new ArrayList<>();

    private SecretResolver open(SecretResolver r) {
        opened.add(r);
        return r;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    @Test
    void memoryWriterWritesNameSlashFieldKeysAndReplacesEveryField() {
        InMemorySecretProvider store = new InMemorySecretProvider();
        SecretWriter w = store.writer().orElseThrow();
        assertThat(w.write("conn-1", Map.of("user", "u1", "password", "p1")))
                .isEqualTo(Map.of("user", "conn-1/user", "password", "conn-1/password"));
        w.write("conn-1", Map.of("token", "t2"));
        assertThat(store.list("conn-1/")).extracting(SecretInfo::path).containsExactly("conn-1/token");
        w.delete("conn-1");
        w.delete("conn-1");   // absent: no error
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aWriteIsReadByTheNextResolveThoughTheOldValueWasCached() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider());
        SecretResolver r = open(SecretResolver.builder().provider("m", store).build());
        SecretWriter w = r.writer("m");
        Map<String, String> paths = w.write("conn-1", Map.of("token", "old-token"));
        String ref = "{{m|ap_sep_v1|" + paths.get("token") + "}}";
        assertThat(r.resolveString(ref)).isEqualTo("old-token");
        assertThat(r.resolveString(ref)).isEqualTo("old-token");
        int before = store.calls();

        w.write("conn-1", Map.of("token", "new-token"));

        assertThat(r.resolveString(ref)).isEqualTo("new-token");
        assertThat(store.calls()).as("exactly one reload").isEqualTo(before + 1);
    }

    @Test
    void onlyTheWrittenPathsLeaveTheCache() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider(Map.of("other", "o")));
        SecretResolver r = open(SecretResolver.builder().provider("m", store).build());
        r.writer("m").write("a", Map.of("k", "1"));
        r.resolve(List.of("{{m|ap_sep_v1|other}}", "{{m|ap_sep_v1|a/k}}"));
        int before = store.calls();
        r.writer("m").write("a", Map.of("k", "2"));
        assertThat(r.resolveString("{{m|ap_sep_v1|other}}")).isEqualTo("o");
        assertThat(store.calls()).as("other stays cached").isEqualTo(before);
    }

    @Test
    void aRewriteWithFewerFieldsAndADeleteDropTheOldFieldsToo() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider()).build());
        SecretWriter w = r.writer("m");
        w.write("c", Map.of("user", "u", "password", "secret-1"));
        assertThat(r.resolveString("{{m|ap_sep_v1|c/password}}")).isEqualTo("secret-1");
        w.write("c", Map.of("user", "u2"));
        assertThatThrownBy(() -> r.resolveString("{{m|ap_sep_v1|c/password}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(r.resolveString("{{m|ap_sep_v1|c/user}}")).isEqualTo("u2");
        w.delete("c");
        assertThatThrownBy(() -> r.resolveString("{{m|ap_sep_v1|c/user}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aDeleteThroughAnotherResolverInstanceStillInvalidatesPathsTheWriterPredicts() {
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of("c/user", "u"));
        SecretResolver r = open(SecretResolver.builder().provider("m", store).build());
        assertThat(r.resolveString("{{m|ap_sep_v1|c/user}}")).isEqualTo("u");
        store.remove("c/user");
        r.writer("m").delete("c");    // nothing remembered for c: the manager's cache goes whole
        assertThatThrownBy(() -> r.resolveString("{{m|ap_sep_v1|c/user}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aReadOnlyStoreIsUnsupported() {
        SecretProvider readOnly = new SecretProvider() {
            @Override public String fetch(String path) { return "v"; }
            @Override public void checkConnection() { }
        };
        SecretResolver r = open(SecretResolver.builder().provider("ro", readOnly).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.writer("ro"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.manager()).isEqualTo("ro");
    }

    @Test
    void unknownManagerAndScopeAreCheckedWhenTheWriterIsAskedFor() {
        SecretResolver r = open(SecretResolver.builder()
                .provider("team", new InMemorySecretProvider(), Scope.projects("p1")).build());
        assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.writer("nope")).reason())
                .isEqualTo(Reason.UNKNOWN_MANAGER);
        SecretManagerException denied = catchThrowableOfType(SecretManagerException.class, () -> r.writer("team"));
        assertThat(denied.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(denied.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(catchThrowableOfType(SecretManagerException.class,
                () -> r.writer("team", ResolutionContext.project("p2"))).reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(r.writer("team", ResolutionContext.project("p1")).write("x", Map.of("f", "v"))).containsEntry("f", "x/f");
    }

    @Test
    void badNamesAreValidationErrorsBeforeTheStore() {
        RecordingWriter rec = new RecordingWriter(true);
        SecretResolver r = open(SecretResolver.builder().provider("m", rec.provider()).build());
        for (String bad : List.of("a/b", "has space", "x".repeat(65), "")) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> r.writer("m").write(bad, Map.of("f", "v")));
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
            assertThat(catchThrowableOfType(SecretManagerException.class, () -> r.writer("m").delete(bad)).reason())
                    .isEqualTo(Reason.INVALID_REFERENCE);
        }
        assertThat(rec.calls).hasValue(0);
    }

    @Test
    void aWriteOutsideTheAllowListIsRefusedBeforeTheStoreWhenThePathsAreKnown() {
        RecordingWriter rec = new RecordingWriter(true);
        SecretResolver r = open(SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "custom", Map.of()).allowPaths("tenant-a/**"), rec.provider()).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.writer("m").write("conn-1", Map.of("token", "t")));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(e.manager()).isEqualTo("m");
        assertThat(e.getMessage()).doesNotContain("t\"").contains("allowed paths");
        assertThat(rec.calls).as("no remote call").hasValue(0);
        assertThatThrownBy(() -> r.writer("m").delete("conn-1"))
                .isInstanceOfSatisfying(SecretManagerException.class, d -> assertThat(d.reason()).isEqualTo(Reason.SCOPE_DENIED));
        assertThat(rec.calls).hasValue(0);
    }

    @Test
    void aWriteWhosePathsWereUnknownIsStillCheckedAgainstTheReturnedPaths() {
        RecordingWriter rec = new RecordingWriter(false);
        SecretResolver r = open(SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "custom", Map.of()).allowPaths("tenant-a/**"), rec.provider()).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.writer("m").write("conn-1", Map.of("token", "t")));
        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
        assertThat(e.path()).isEqualTo("out/conn-1/token");
    }

    @Test
    void providerWriteErrorsAreTranslatedAndMaskWrittenValues() {
        SecretWriter leaky = new SecretWriter() {
            @Override public Map<String, String> write(String name, Map<String, String> fields) {
                throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_WRITE_FAILED, Reason.ACCESS_DENIED)
                        .message("denied writing " + fields.get("token")).build();
            }
            @Override public void delete(String name) {
                throw new IllegalStateException("boom with hunter2-secret");
            }
        };
        SecretResolver r = open(SecretResolver.builder().provider("m", providerWith(leaky)).build());
        SecretManagerException w = catchThrowableOfType(SecretManagerException.class,
                () -> r.writer("m").write("c", Map.of("token", "TOKEN-VALUE-42")));
        assertThat(w.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(w.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(w.getMessage()).doesNotContain("TOKEN-VALUE-42").contains("██");
        assertThat(w.manager()).isEqualTo("m");
        SecretManagerException d = catchThrowableOfType(SecretManagerException.class, () -> r.writer("m").delete("c"));
        assertThat(d.code()).isEqualTo(ErrorCode.SECRET_MANAGER_WRITE_FAILED);
        assertThat(d.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(d.getMessage()).doesNotContain("hunter2-secret");
        assertThat(String.valueOf(d.getCause().getMessage())).doesNotContain("hunter2-secret");
    }

    @Test
    void allowListDeniesResolutionBeforeCacheOrStoreAndFiltersList() {
        CountingProvider store = new CountingProvider(new InMemorySecretProvider(
                Map.of("app/db", "1", "app/deep/x", "2", "other/k", "3")));
        SecretResolver r = open(SecretResolver.builder()
                .provider(ManagerDefinition.of("m", "memory", Map.of()).allowPaths("app/*"), store).build());
        assertThat(r.resolveString("{{m|ap_sep_v1|app/db}}")).isEqualTo("1");
        int before = store.calls();
        for (String path : List.of("other/k", "app/deep/x")) {
            SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                    () -> r.resolve(Map.of("x", "pre {{m|ap_sep_v1|" + path + "}}")));
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
            assertThat(e.manager()).isEqualTo("m");
            assertThat(e.path()).isEqualTo(path);
        }
        assertThat(store.calls()).isEqualTo(before);
        assertThat(r.list("m", "")).extracting(SecretInfo::path).containsExactly("app/db");
    }

    @Test
    void allowPathsNeedsAGlob() {
        assertThatThrownBy(() -> ManagerDefinition.of("m", "memory", Map.of()).allowPaths())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ManagerDefinition.of("m", "memory", Map.of()).allowPaths("a/**", "b/*").allowedPaths())
                .containsExactly("a/**", "b/*");
    }

    private static SecretProvider providerWith(SecretWriter writer) {
        return new SecretProvider() {
            @Override public String fetch(String path) { throw SecretManagerException.notFound(path, "none"); }
            @Override public void checkConnection() { }
            @Override public Optional<SecretWriter> writer() { return Optional.of(writer); }
        };
    }

    /** A writer that writes under {@code out/} and counts calls; {@code predicts} says whether it implements paths(). */
    private static final class RecordingWriter implements SecretWriter {
        final AtomicInteger calls = new AtomicInteger();
        final boolean predicts;

        RecordingWriter(boolean predicts) {
            this.predicts = predicts;
        }

        SecretProvider provider() {
            return providerWith(this);
        }

        @Override
        public Map<String, String> write(String name, Map<String, String> fields) {
            calls.incrementAndGet();
            Map<String, String> out = new java.util.LinkedHashMap<>();
            fields.keySet().forEach(f -> out.put(f, "out/" + name + "/" + f));
            return out;
        }

        @Override
        public void delete(String name) {
            calls.incrementAndGet();
        }

        @Override
        public Optional<Map<String, String>> paths(String name, Set<String> fields) {
            if (!predicts) return Optional.empty();
            Map<String, String> out = new java.util.LinkedHashMap<>();
            fields.forEach(f -> out.put(f, "out/" + name + "/" + f));
            if (fields.isEmpty()) out.put("", "out/" + name + "/");
            return Optional.of(out);
        }
    }
}
