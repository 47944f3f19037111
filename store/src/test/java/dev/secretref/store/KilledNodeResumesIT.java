package dev.secretref.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretref.SecretResolver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: a child JVM ({@link MovingNode}) moves credentials of an embedded H2 store and is destroyed
 * forcibly mid-move. A new store on the same files then finds the jobs the dead node leased, finishes them, and
 * every credential reads back intact throughout.
 */
final class KilledNodeResumesIT {
    private static final int N = 40;

    @Test
    void aNodeKilledMidMoveLosesNothingAndTheNextStoreFinishesTheMoves(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("data");
        CredentialStoreContract.KEYS.writeTo(Path.of(base + ".keys"));   // the embedded store and the archive share it
        try (SecretResolver resolver = MovingNode.resolver(base);
             CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base).build()) {
            for (int i = 0; i < N; i++) store.put("conn-" + i, "dev", CredentialStoreContract.fields("at-" + i, "rt-" + i));
        }
        JdbcConnectionPool archiveTables = JdbcConnectionPool.create("jdbc:h2:file:" + base.toAbsolutePath(), "sa", "");
        Schema.apply(new Db(archiveTables, "archive_"), Clock.systemUTC());
        archiveTables.dispose();

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), MovingNode.class.getName(),
                base.toString()).redirectErrorStream(true).start();
        List<String> switched = new ArrayList<>();
        List<String> output = new ArrayList<>();
        Thread watchdog = new Thread(() -> {
            try {
                if (!child.waitFor(60, TimeUnit.SECONDS)) child.destroyForcibly();
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (switched.size() < 5 && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("SWITCHED ")) switched.add(line.substring(9));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(switched).as("the child was moving when it died; its output:%n%s", String.join("\n", output)).hasSize(5);
        // a new node, its clock past the dead node's leases
        TestClock later = new TestClock();
        try (SecretResolver resolver = MovingNode.resolver(base);
             CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base).clock(later)
                     .pollInterval(Duration.ofMillis(20)).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean allMoved = false;
            while (!allMoved) {
                for (int i = 0; i < N; i++) {
                    assertThat(store.get("conn-" + i)).isEqualTo(CredentialStoreContract.fields("at-" + i, "rt-" + i));
                }
                allMoved = store.search("", 0, 1000).stream().allMatch(c -> c.manager().equals("archive"));
                assertThat(System.nanoTime()).as("moves finish; the killed child said:%n%s", String.join("\n", output)).isLessThan(deadline);
                later.advance(Duration.ofMillis(250));   // time passes: a move that failed once becomes due again
                Thread.sleep(20);
            }
            assertThat(store.search("", 0, 1000)).hasSize(N);
            later.advance(Duration.ofSeconds(11));
            store.runMovesNow();
            assertThat(resolver.list(CredentialStore.LOCAL, "")).as("old copies deleted after the grace period").isEmpty();
            for (int i = 0; i < N; i++) {
                assertThat(store.get("conn-" + i)).isEqualTo(CredentialStoreContract.fields("at-" + i, "rt-" + i));
            }
        }
    }
}
