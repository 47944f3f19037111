package dev.secretref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretref.spi.ProviderDescriptor;
import dev.secretref.spi.SecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class SecretResolverTest {
    private final List<SecretResolver> opened = new ArrayList<>();

    private SecretResolver open(SecretResolver r) {
        opened.add(r);
        return r;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SecretResolver::close);
    }

    /** DESIGN.md §4, as written, with the memory provider standing in for the remote stores. */
    @Test
    void designSampleRunsAsWritten() throws Exception {
        Map<String, String> vaultConfig = Map.of("values", "{\"secret/data/api/token\": \"tok-123\"}");
        SecretResolver resolver = SecretResolver.builder()
            .manager("prod-aws", "memory", Map.of("values", Map.of("prod/db:password", "pw-1")))
            .manager(ManagerDefinition.of("vault", "memory", vaultConfig)
                     .scope(Scope.projects("p1", "p2"))
                     .cachePolicy(CachePolicy.defaults().withTtl(Duration.ofMinutes(1))))
            .provider("fake", new InMemorySecretProvider(Map.of("k", "v")))
            .cachePolicy(CachePolicy.defaults())
            .build();
        open(resolver);

        String s = resolver.resolveString("{{prod-aws|ap_sep_v1|prod/db:password}}");
        Map<String, Object> configMap = Map.of("db", Map.of("password", "{{prod-aws|ap_sep_v1|prod/db:password}}"), "k", "{{fake|ap_sep_v1|k}}");
        Map<String, Object> cfg = resolver.resolve(configMap);
        JsonNode jsonNode = new ObjectMapper().readTree("{\"auth\":\"Bearer {{fake|ap_sep_v1|k}}\"}");
        JsonNode tree = resolver.resolve(jsonNode);
        String any = resolver.resolve("{{vault|ap_sep_v1|secret/data/api/token}}", ResolutionContext.project("p1"));
        CompletableFuture<Map<String, Object>> f = resolver.resolveAsync(configMap);
        ConnectionStatus st = resolver.testConnection("prod-aws");
        List<ProviderDescriptor> all = SecretResolver.availableProviders();

        assertThat(s).isEqualTo("pw-1");
        assertThat(cfg).isEqualTo(Map.of("db", Map.of("password", "pw-1"), "k", "v"));
        assertThat(tree.get("auth").textValue()).isEqualTo("Bearer v");
        assertThat(any).isEqualTo("tok-123");
        assertThat(f.get()).isEqualTo(cfg);
        assertThat(st.connected()).isTrue();
        assertThat(st.message()).contains("prod-aws");
        assertThat(all).extracting(ProviderDescriptor::id).contains("memory", "env");
        resolver.invalidate("prod-aws");
        resolver.clearCache();
        resolver.close();
        assertThatThrownBy(() -> resolver.resolveString("{{fake|ap_sep_v1|k}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
    }

    @Test
    void deepResolutionCoversEveryContainerAndNeverMutatesTheInput() {
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of("a", "A", "b", "B"));
        SecretResolver r = open(SecretResolver.builder().provider("m", store).build());
        Map<String, Object> untouched = Map.of("n", 1, "plain", "{{step_1.output}}");
        List<Object> list = new ArrayList<>(List.of("{{m|ap_sep_v1|a}}", 7, true));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("list", list);
        input.put("set", Set.of("{{m|ap_sep_v1|b}}"));
        input.put("array", new String[] {"x-{{m|ap_sep_v1|a}}-{{m|ap_sep_v1|b}}", "y"});
        input.put("untouched", untouched);
        input.put("nil", null);

        Map<String, Object> out = r.resolve(input);

        assertThat(out).isNotSameAs(input);
        assertThat(out.get("list")).isEqualTo(List.of("A", 7, true));
        assertThat(out.get("set")).isEqualTo(Set.of("B"));
        assertThat((String[]) out.get("array")).containsExactly("x-A-B", "y");
        assertThat(out.get("untouched")).isSameAs(untouched);   // no reference: shared, not copied
        assertThat(out).containsEntry("nil", null);
        assertThat(list).containsExactly("{{m|ap_sep_v1|a}}", 7, true);
        assertThat(((String[]) input.get("array"))[0]).isEqualTo("x-{{m|ap_sep_v1|a}}-{{m|ap_sep_v1|b}}");
        assertThat(new ArrayList<>(out.keySet())).containsExactly("list", "set", "array", "untouched", "nil");
        assertThat(store.calls()).as("two distinct references, one manager: one batch").isEqualTo(1);
    }

    record DbConfig(String url, String password, int pool) { }

    @Test
    void recordsAreResolvedThroughJackson() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("pw", "s3cr3t"))).build());
        DbConfig in = new DbConfig("postgres://db", "{{m|ap_sep_v1|pw}}", 5);
        assertThat(r.resolve(in)).isEqualTo(new DbConfig("postgres://db", "s3cr3t", 5));
        DbConfig plain = new DbConfig("u", "p", 1);
        assertThat(r.resolve(plain)).isSameAs(plain);
    }

    @Test
    void jsonTreesKeepOrderAndTypes() throws Exception {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("n", "42"))).build());
        JsonNode in = new ObjectMapper().readTree("{\"z\":1,\"a\":\"{{m|ap_sep_v1|n}}\",\"arr\":[true,\"{{m|ap_sep_v1|n}}\"],\"same\":{\"k\":null}}");
        JsonNode out = r.resolve(in);
        assertThat(out.toString()).isEqualTo("{\"z\":1,\"a\":\"42\",\"arr\":[true,\"42\"],\"same\":{\"k\":null}}");
        assertThat(out.get("same")).isSameAs(in.get("same"));
        assertThat(in.get("a").textValue()).isEqualTo("{{m|ap_sep_v1|n}}");
    }

    @Test
    void cyclesAreValidationErrorsNotStackOverflows() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider()).build());
        Map<String, Object> self = new HashMap<>();
        self.put("me", self);
        assertThatThrownBy(() -> r.resolve(self)).isInstanceOfSatisfying(SecretManagerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.reason()).isEqualTo(Reason.CYCLE);
        });
        List<Object> shared = List.of("{{step}}");
        assertThat(r.resolve(List.of(shared, shared))).isEqualTo(List.of(shared, shared));   // a DAG is not a cycle
    }

    @Test
    void valuesComeBackExactlyAsStored() {
        Map<String, String> odd = Map.of("e", "", "z", "0", "f", "false", "n", "null", "j", "{\"a\":1}");
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider(odd)).build());
        odd.forEach((k, v) -> assertThat(r.resolveString("{{m|ap_sep_v1|" + k + "}}")).isEqualTo(v));
    }

    @Test
    void providerIdAliasReachesTheOnlyManagerOfThatProvider() {
        SecretResolver one = open(SecretResolver.builder().manager("prod", "memory", Map.of("values", Map.of("k", "v"))).build());
        assertThat(one.resolveString("{{memory|ap_sep_v1|k}}")).isEqualTo("v");

        SecretResolver two = open(SecretResolver.builder()
                .manager("eu", "memory", Map.of()).manager("us", "memory", Map.of()).build());
        assertThatThrownBy(() -> two.resolveString("{{memory|ap_sep_v1|k}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains("eu").contains("us");
                });
    }

    @Test
    void unknownManagerIsAValidationError() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider()).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString("x {{nope|ap_sep_v1|k}}"));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MANAGER);
        assertThat(e.manager()).isEqualTo("nope");
    }

    @Test
    void malformedReferenceFailsBeforeAnyStoreIsAsked() {
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of("k", "v"));
        SecretResolver r = open(SecretResolver.builder().provider("m", store).build());
        assertThatThrownBy(() -> r.resolve(List.of("{{m|ap_sep_v1|k}}", "{{m|ap_sep_v1|k")))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE));
        assertThat(store.calls()).isZero();
    }

    @Test
    void scopedManagerIsDeniedOutsideItsProjectsBeforeCacheOrStore() {
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of("k", "v"));
        SecretResolver r = open(SecretResolver.builder().provider("team", store, Scope.projects("p1")).build());
        for (ResolutionContext ctx : List.of(ResolutionContext.none(), ResolutionContext.project("p2"))) {
            assertThatThrownBy(() -> r.resolve(Map.of("x", "{{team|ap_sep_v1|k}}"), ctx))
                    .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.SCOPE_DENIED);
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    });
        }
        assertThat(store.calls()).isZero();
        assertThat(r.resolveString("{{team|ap_sep_v1|k}}", ResolutionContext.project("p1"))).isEqualTo("v");
    }

    @Test
    void firstFailingReferenceInOrderFailsTheCall() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("ok", "1"))).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.resolve(List.of("{{m|ap_sep_v1|ok}}", "{{m|ap_sep_v1|gone-1}}", "{{m|ap_sep_v1|gone-2}}")));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
        assertThat(e.path()).isEqualTo("gone-1");
        assertThat(e.manager()).isEqualTo("m");
    }

    @Test
    void eachManagerIsAskedOnceForAllItsReferences() {
        SecretResolver.Builder b = SecretResolver.builder().cachePolicy(CachePolicy.disabled());
        List<InMemorySecretProvider> stores = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            InMemorySecretProvider s = new InMemorySecretProvider();
            for (int k = 0; k < 25; k++) {
                s.put("k" + k, "v" + m + "-" + k);
                refs.add("{{m" + m + "|ap_sep_v1|k" + k + "}}");
                refs.add("again {{m" + m + "|ap_sep_v1|k" + k + "}}");
            }
            stores.add(s);
            b.provider("m" + m, s);
        }
        SecretResolver r = open(b.build());
        List<String> out = r.resolve(refs);
        assertThat(out).hasSize(200).contains("v3-24", "again v0-0");
        assertThat(stores).allSatisfy(s -> assertThat(s.calls()).isEqualTo(1));
    }

    /** Each store waits until all four are inside fetchAll at once: a sequential resolver would time out. */
    @Test
    void managersAreFetchedInParallel() {
        java.util.concurrent.CountDownLatch allInside = new java.util.concurrent.CountDownLatch(4);
        SecretResolver.Builder b = SecretResolver.builder().cachePolicy(CachePolicy.disabled());
        List<String> refs = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            int id = m;
            b.provider("m" + m, new SecretProvider() {
                @Override
                public String fetch(String path) {
                    allInside.countDown();
                    try {
                        if (!allInside.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("not parallel");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "v" + id;
                }

                @Override
                public void checkConnection() { }
            });
            refs.add("{{m" + m + "|ap_sep_v1|k}}");
        }
        SecretResolver r = open(b.build());
        assertThat(r.resolve(refs)).containsExactly("v0", "v1", "v2", "v3");
    }

    /** A provider whose exception quotes the secret value and the configured credential. */
    static final class LeakyProvider implements SecretProvider {
        @Override
        public String fetch(String path) {
            throw new IllegalStateException("cannot parse 'the-secret-value' using key hunter2-api-key");
        }

        @Override
        public void checkConnection() {
            throw SecretManagerException.builder(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, Reason.AUTHENTICATION_FAILED)
                    .message("login rejected for key hunter2-api-key").cause(new RuntimeException("the-secret-value")).build();
        }
    }

    @Test
    void providerExceptionsAreScrubbedOfValuesAndCredentials() {
        SecretResolver r = open(SecretResolver.builder().provider("leaky", new LeakyProvider()).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, () -> r.resolveString("{{leaky|ap_sep_v1|p}}"));
        assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("IllegalStateException").contains("leaky");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()) + t).doesNotContain("the-secret-value").doesNotContain("hunter2-api-key");
        }
    }

    @Test
    void credentialsOfConfiguredManagersAreScrubbedFromProviderMessages() {
        ProviderGateway guarded = new ProviderGateway("prod", "leaky", new LeakyProvider(), new CredentialMask(Set.of("hunter2-api-key")));
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class, guarded::checkConnection);
        assertThat(e.getMessage()).isEqualTo("login rejected for key ██");
        assertThat(e.manager()).isEqualTo("prod");
        assertThat(e.getCause()).isInstanceOf(ProviderGateway.RedactedThrowable.class);
        assertThat(e.getCause().getMessage()).doesNotContain("the-secret-value");
    }

    @Test
    void aBatchErrorQuotingAnotherPathsValueIsScrubbed() {
        SecretProvider p = new SecretProvider() {
            @Override
            public String fetch(String path) { throw new UnsupportedOperationException(); }

            @Override
            public Map<String, dev.secretref.spi.FetchResult> fetchAll(Set<String> paths) {
                return Map.of("a", dev.secretref.spi.FetchResult.value("value-of-a"),
                        "b", dev.secretref.spi.FetchResult.error(SecretManagerException.notFound("b", "b is not like value-of-a")));
            }

            @Override
            public void checkConnection() { }
        };
        SecretResolver r = open(SecretResolver.builder().provider("m", p).build());
        SecretManagerException e = catchThrowableOfType(SecretManagerException.class,
                () -> r.resolve(List.of("{{m|ap_sep_v1|a}}", "{{m|ap_sep_v1|b}}")));
        assertThat(e.path()).isEqualTo("b");
        assertThat(e.getMessage()).isEqualTo("b is not like ██");
    }

    @Test
    void unknownProviderIdNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> SecretResolver.builder().manager("prod", "aws", Map.of("region", "eu-west-1")).build())
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_PROVIDER);
                    assertThat(e.getMessage()).contains("dev.secretref:secretref-provider-aws");
                });
    }

    @Test
    void invalidConfigNamesEveryBadKeyAtOnce() {
        assertThatThrownBy(() -> SecretResolver.builder().manager("m", "memory", Map.of("colour", "red", "size", "9", "values", "not json")).build())
                .isInstanceOfSatisfying(SecretManagerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
                    assertThat(e.manager()).isEqualTo("m");
                    assertThat(e.getMessage()).contains("colour").contains("size").contains("values must be an object");
                    assertThat(e.getMessage()).doesNotContain("not json");
                });
    }

    @Test
    void builderRejectsDuplicateNamesAndDoubleSets() {
        assertThatThrownBy(() -> SecretResolver.builder().provider("m", new InMemorySecretProvider()).manager("m", "memory", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'m'");
        assertThatThrownBy(() -> SecretResolver.builder().cachePolicy(CachePolicy.defaults()).cachePolicy(CachePolicy.disabled()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cachePolicy");
    }

    @Test
    void redefiningAManagerDropsItsCacheAndClosesTheOldProvider() {
        SecretResolver r = open(SecretResolver.builder().manager("m", "memory", Map.of("values", Map.of("k", "old"))).build());
        assertThat(r.resolveString("{{m|ap_sep_v1|k}}")).isEqualTo("old");
        r.defineManager(ManagerDefinition.of("m", "memory", Map.of("values", Map.of("k", "new"))));
        assertThat(r.resolveString("{{m|ap_sep_v1|k}}")).isEqualTo("new");
        r.removeManager("m");
        assertThatThrownBy(() -> r.resolveString("{{m|ap_sep_v1|k}}")).isInstanceOf(SecretManagerException.class);
    }

    @Test
    void stringsWithoutReferencesPassThroughUntouched() {
        SecretResolver r = open(SecretResolver.builder().build());
        String s = "{{step_1.output}} and hunter2";
        assertThat(r.resolveString(s)).isSameAs(s);
        Map<String, Object> m = Map.of("a", s);
        assertThat(r.resolve(m)).isSameAs(m);
    }

    @Test
    void listsNamesNeverValues() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new InMemorySecretProvider(Map.of("db/a", "x", "db/b", "y", "api", "z"))).build());
        assertThat(r.list("m", "db/")).extracting(i -> i.path()).containsExactly("db/a", "db/b");
    }

    @Test
    void resolveAsyncOnASingleThreadExecutorDoesNotDeadlockAcrossManagers() throws Exception {
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newFixedThreadPool(1);
        try {
            SecretResolver r = open(SecretResolver.builder().executor(one)
                    .provider("a", new InMemorySecretProvider(Map.of("k", "A")))
                    .provider("b", new InMemorySecretProvider(Map.of("k", "B")))
                    .provider("c", new InMemorySecretProvider(Map.of("k", "C"))).build());
            List<String> out = r.resolveAsync(List.of("{{a|ap_sep_v1|k}}", "{{b|ap_sep_v1|k}}", "{{c|ap_sep_v1|k}}"))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(out).containsExactly("A", "B", "C");
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void aProviderReturningNullIsAProviderErrorNotANullPointer() {
        SecretResolver r = open(SecretResolver.builder().provider("m", new SecretProvider() {
            @Override public String fetch(String path) { return null; }
            @Override public void checkConnection() { }
        }).build());
        assertThatThrownBy(() -> r.resolveString("{{m|ap_sep_v1|k}}"))
                .isInstanceOfSatisfying(SecretManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR));
    }

    @Test
    void aPathReachedByNameAndByAliasInOneCallIsFetchedOnce() {
        InMemorySecretProvider store = new InMemorySecretProvider(Map.of("k", "v", "j", "w"));
        SecretResolver r = open(SecretResolver.builder().provider("prod", store).build());
        assertThat(r.resolve(List.of("{{prod|ap_sep_v1|k}}", "{{memory|ap_sep_v1|k}}", "{{memory|ap_sep_v1|j}}")))
                .containsExactly("v", "v", "w");
        assertThat(store.calls()).isEqualTo(1);
        assertThat(store.fetchAllCalls()).isEqualTo(1);
    }
}
