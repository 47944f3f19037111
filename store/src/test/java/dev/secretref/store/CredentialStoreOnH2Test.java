package dev.secretref.store;

/** {@link CredentialStoreContract} on an in-memory H2 database. */
final class CredentialStoreOnH2Test extends CredentialStoreContract {
    @Override
    TestDatabase.Kind kind() { return TestDatabase.Kind.H2; }
}
