package dev.secretref.examples;

import dev.secretref.SecretResolver;
import dev.secretref.store.CredentialInfo;
import dev.secretref.store.CredentialStore;
import dev.secretref.store.MoveProgress;
import dev.secretref.store.Routing;
import dev.secretref.store.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keep customers' connection credentials in the vault of their environment, then move them when the routing
 * changes.
 *
 * <p>The store writes each credential's fields to the manager its environment is routed to and keeps only the
 * references in its database (here the embedded H2 file, with a key file generated on first use). A routing change
 * returns at once; the credentials move in the background (copy, read back, switch the pointer, delete the old copy
 * after a grace period) and stay readable all the while.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.secretref.examples.CredentialStoreExample}
 */
public final class CredentialStoreExample {
    private CredentialStoreExample() { }

    /** What the example did, for its test. Holds no values. */
    record Outcome(Map<String, String> placedIn, Map<String, String> movedTo, int moved, int total,
                   boolean allReadable) { }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("secretref-store-example");
        Outcome o = run(dir, System.out::println);
        System.out.println("moved " + o.moved() + " of " + o.total() + "; every credential readable: " + o.allReadable());
    }

    static Outcome run(Path dir, Consumer<String> log) throws Exception {
        // Two vaults. With real providers on the class path these would be e.g.
        //   .manager("eu-vault", "hashicorp", Map.of("url", "https://vault.eu:8200", "token", ...))
        //   .manager("us-vault", "aws", Map.of("region", "us-east-1"))
        try (SecretResolver resolver = SecretResolver.builder()
                     .manager("eu-vault", "memory", Map.of())
                     .manager("us-vault", "memory", Map.of())
                     .build();
             CredentialStore store = CredentialStore.builder()
                     .resolver(resolver)
                     .embeddedPath(dir.resolve("secretref-data"))      // default: ./secretref-data (+ .keys)
                     .routing(Routing.builder()
                             .environment("production", "eu-vault")
                             .environment("staging", "us-vault")
                             .build())                                  // other environments: the local store
                     .pointerTtl(Duration.ofMillis(200))                // short, so the example finishes quickly
                     .pollInterval(Duration.ofMillis(50))
                     .build()) {

            // One credential per environment.
            Map<String, String> placedIn = new LinkedHashMap<>();
            for (String env : List.of("production", "staging", "development")) {
                StoredCredential c = store.put("acme-" + env, env, Map.of(
                        "client_secret", "cs-" + env + "-4f9a",
                        "refresh_token", "rt-" + env + "-77c1"));
                placedIn.put(c.id(), c.manager());
                log.accept(c.id() + " -> " + c.manager() + "  " + c.references().get("client_secret"));
            }

            // The customer moves production to the US vault. This returns at once.
            MoveProgress progress = store.setRouting(Routing.builder()
                    .environment("production", "us-vault")
                    .environment("staging", "us-vault")
                    .build());
            log.accept("routing changed: " + progress.total() + " credential(s) to move");

            // Reads keep working while the move runs; watch it finish.
            boolean allReadable = true;
            while (!progress.completion().isDone()) {
                allReadable &= store.get("acme-production").get("client_secret").equals("cs-production-4f9a");
                log.accept("  moved " + progress.moved() + " of " + progress.total());
                TimeUnit.MILLISECONDS.sleep(20);
            }
            progress.completion().get(30, TimeUnit.SECONDS);
            log.accept("  moved " + progress.moved() + " of " + progress.total() + ": done");

            Map<String, String> movedTo = new LinkedHashMap<>();
            for (CredentialInfo info : store.search("acme", 0, 10)) {
                movedTo.put(info.id(), info.manager());
                allReadable &= store.get(info.id()).get("refresh_token").startsWith("rt-" + info.environment());
                log.accept(info.id() + " now in " + info.manager() + " (revision " + info.revision() + ")");
            }
            return new Outcome(placedIn, movedTo, progress.moved(), progress.total(), allReadable);
        }
    }
}
