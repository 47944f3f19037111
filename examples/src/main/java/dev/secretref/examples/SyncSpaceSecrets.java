package dev.secretref.examples;

import dev.secretref.InMemorySecretProvider;
import dev.secretref.SecretResolver;
import dev.secretref.sync.MaskedSecret;
import dev.secretref.sync.SecretSync;
import dev.secretref.sync.SyncInterval;
import dev.secretref.sync.SyncResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Sync snapshots: a workflow product exposes a space's secrets to its flows as one map
 * ({@code global.SECRETS.api_token}). {@link SecretSync} lists the space's prefix, fetches every secret in one
 * batched resolve, and swaps in an immutable snapshot; a listener hears which names were added, changed or
 * removed (never values), and the masked listing is what a settings page shows.
 */
public final class SyncSpaceSecrets {
    private SyncSpaceSecrets() { }

    public static void main(String[] args) {
        run().forEach(System.out::println);
    }

    /** What the example prints: each sync's changes, the masked listing, the status. */
    static List<String> run() {
        InMemorySecretProvider vault = new InMemorySecretProvider()
                .put("secret/data/spaces/a/api_token", "tok-live-123")
                .put("secret/data/spaces/a/webhook_secret", "whsec-456")
                .put("secret/data/spaces/b/other", "not-this-space");
        List<String> lines = new ArrayList<>();
        try (SecretResolver resolver = SecretResolver.builder().provider("vault", vault).build();
             SecretSync sync = SecretSync.builder(resolver)
                     .source("vault", "secret/data/spaces/a/")     // the space's secrets only
                     .autoSync(SyncInterval.EVERY_30_MINUTES)      // and in the background, with jitter
                     .syncOnSave(true)
                     .listener(changes -> lines.add("changed: " + describe(changes)))
                     .build()) {

            sync.syncNow();
            lines.add("flows see: " + sync.secrets().keySet());

            // the user rotates a token in the vault and presses "save" in the platform's settings page
            vault.put("secret/data/spaces/a/api_token", "tok-live-789");
            resolver.invalidate("vault");
            sync.saved();

            for (MaskedSecret m : sync.search("")) lines.add(m.name() + " = " + m.masked());
            lines.add("status: " + sync.status().count() + " secrets, next sync scheduled: " + sync.status().nextSync().isPresent());
        }
        return lines;
    }

    private static String describe(SyncResult r) {
        return "added " + sorted(r.added()) + ", changed " + sorted(r.changed()) + ", removed " + sorted(r.removed());
    }

    private static List<String> sorted(java.util.Set<String> names) {
        return names.stream().sorted().toList();
    }
}
