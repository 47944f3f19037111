package dev.secretref.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes (two stores, two resolvers) on one PostgreSQL share the move jobs of one routing change:
 * every credential is written to its new manager exactly once, and both nodes do part of the work.
 */
final class TwoNodesOnPostgresTest {
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private TestDatabase db;
    private final RecordingProvider vault = new RecordingProvider();
    private final RecordingProvider aws = new RecordingProvider();
    private final Map<String, AtomicInteger> switchedBy = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        db = TestDatabase.postgres();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) closeLater.get(i).close();
        db.close();
    }

    private CredentialStore node(String name) {
        SecretResolver resolver = SecretResolver.builder().provider("vault", vault).provider("aws", aws).build();
        closeLater.add(resolver);
        CredentialStore store = CredentialStore.builder().resolver(resolver).dataSource(db.dataSource).keys(CredentialStoreContract.KEYS)
                .tablePrefix(db.prefix).routing(CredentialStoreContract.defaultTo("vault")).nodeId(name)
                .pollInterval(Duration.ofMillis(20)).moveConcurrency(4)
                .stepHook((step, id) -> {
                    if (step.equals("switched")) switchedBy.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                })
                .build();
        closeLater.add(store);
        return store;
    }

    @Test
    void twoNodesMoveAThousandCredentialsEachExactlyOnce() throws Exception {
        CredentialStore a = node("node-a");
        CredentialStore b = node("node-b");
        int n = 1000;
        ExecutorService puts = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "conn-" + i;
            done.add(puts.submit(() -> a.put(id, "dev", CredentialStoreContract.fields("at-" + id, "rt-" + id))));
        }
        for (Future<?> f : done) f.get();
        puts.shutdown();

        MoveProgress p = a.setRouting(CredentialStoreContract.defaultTo("aws"));
        assertThat(p.total()).isEqualTo(n);
        p.completion().get(90, TimeUnit.SECONDS);

        assertThat(p.moved()).isEqualTo(n);
        assertThat(p.failed()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(aws.writesOf("conn-" + i)).as("writes of conn-" + i + " to the new manager").isEqualTo(1);
        }
        assertThat(switchedBy.get("node-a").get() + switchedBy.get("node-b").get()).isEqualTo(n);
        assertThat(switchedBy.get("node-b").get()).as("the other node took a share").isPositive();
        assertThat(switchedBy.get("node-a").get()).isPositive();
        for (int i = 0; i < n; i += 97) {
            assertThat(b.get("conn-" + i)).isEqualTo(CredentialStoreContract.fields("at-conn-" + i, "rt-conn-" + i));
        }
    }
}
