package dev.secretref.spring;

import dev.secretref.Reason;
import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import dev.secretref.keys.KeyRing;
import dev.secretref.store.CredentialStore;
import dev.secretref.store.Routing;

/** Turns {@code secretref.store.*} into a {@link CredentialStore} on the resolver's managers. */
final class CredentialStoreFactory {
    private CredentialStoreFactory() { }

    static CredentialStore create(SecretResolver resolver, SecretrefProperties.Store settings, StoreDatabase database) {
        CredentialStore.Builder b = CredentialStore.builder().resolver(resolver).routing(routing(settings));
        if (settings.getTablePrefix() != null) b.tablePrefix(settings.getTablePrefix());
        KeyRing keys = keys(settings);
        if (database.dataSource().isPresent()) {
            if (keys == null) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "secretref.store.keys-file or secretref.store.keys-env is required when the credential store uses "
                                + "secretref.store.jdbc-url or the application's DataSource; every node must use the same keys");
            }
            if (settings.getEmbeddedPath() != null) {
                throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                        "secretref.store.embedded-path is for the embedded database, but the store uses "
                                + "secretref.store.jdbc-url or the application's DataSource; remove one of them");
            }
            b.dataSource(database.dataSource().get());
        } else if (settings.getEmbeddedPath() != null) {
            b.embeddedPath(settings.getEmbeddedPath());
        }
        if (keys != null) b.keys(keys);
        return b.build();
    }

    private static Routing routing(SecretrefProperties.Store settings) {
        Routing.Builder r = Routing.builder();
        if (settings.getDefaultManager() != null && !settings.getDefaultManager().isBlank()) {
            r.defaultManager(settings.getDefaultManager().strip());
        }
        settings.getEnvironments().forEach((environment, manager) -> r.environment(environment, manager.strip()));
        return r.build();
    }

    /** The keys from keys-file or keys-env; null when neither is set. */
    private static KeyRing keys(SecretrefProperties.Store settings) {
        boolean file = settings.getKeysFile() != null;
        boolean env = settings.getKeysEnv() != null && !settings.getKeysEnv().isBlank();
        if (file && env) {
            throw SecretManagerException.validation(Reason.INVALID_CONFIG,
                    "Set one of secretref.store.keys-file and secretref.store.keys-env, not both");
        }
        if (file) return KeyRing.fromFile(settings.getKeysFile());
        if (env) return KeyRing.fromEnv(settings.getKeysEnv().strip());
        return null;
    }
}
