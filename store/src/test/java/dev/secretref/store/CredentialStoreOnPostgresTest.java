package dev.secretref.store;

/**
 * {@link CredentialStoreContract} on the machine's PostgreSQL (127.0.0.1:5432, database test), each test in tables
 * of its own prefix. Skipped only when the server is unreachable and {@code secretref.requireServices} is unset.
 */
final class CredentialStoreOnPostgresTest extends CredentialStoreContract {
    @Override
    TestDatabase.Kind kind() { return TestDatabase.Kind.POSTGRES; }
}
