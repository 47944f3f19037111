package dev.secretref;

/** A registered manager at run time: its definition's name, provider id and scope, and its cache. */
final class Manager {
    final String name;
    final String providerId;
    final Scope scope;
    final CachingSecretProvider cache;

    Manager(String name, String providerId, Scope scope, CachingSecretProvider cache) {
        this.name = name;
        this.providerId = providerId;
        this.scope = scope;
        this.cache = cache;
    }

    @Override
    public String toString() {
        return "Manager[" + name + ", " + providerId + ", " + scope + "]";
    }
}
