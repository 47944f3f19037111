package dev.secretref.store;

import dev.secretref.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A node that starts moving every credential of an embedded store to manager {@code archive}, slowly, printing
 * {@code SWITCHED <id>} as each pointer switch is about to commit. {@link KilledNodeResumesIT} runs it in a child
 * JVM and kills it mid-move.
 */
final class MovingNode {
    private MovingNode() { }

    static SecretResolver resolver(Path base) {
        return SecretResolver.builder()
                .manager("archive", "local", Map.of("jdbcUrl", "jdbc:h2:file:" + base.toAbsolutePath() + ";LOCK_TIMEOUT=30000;WRITE_DELAY=0",
                        "jdbcUser", "sa", "keysFile", base.toAbsolutePath() + ".keys", "tablePrefix", "archive_"))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        SecretResolver resolver = resolver(base);
        CredentialStore store = CredentialStore.builder().resolver(resolver).embeddedPath(base)
                .pollInterval(Duration.ofMillis(20)).moveConcurrency(2)
                .stepHook((step, id) -> {
                    if (step.equals("verified")) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (step.equals("switched")) {
                        System.out.println("SWITCHED " + id);
                        System.out.flush();
                    }
                })
                .build();
        store.setRouting(Routing.builder().defaultManager("archive").build());
        System.out.println("ROUTED");
        System.out.flush();
        Thread.sleep(120_000);   // the test kills this process long before
        store.close();
    }
}
