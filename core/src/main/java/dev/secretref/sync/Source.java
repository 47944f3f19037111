package dev.secretref.sync;

import dev.secretref.ResolutionContext;
import dev.secretref.SecretResolver;

/** One place a sync reads: the secrets of {@code manager} whose path starts with {@code prefix}. */
record Source(String manager, String prefix) {
    /** A name that stands for "any secret under the prefix" when checking the allow-list at build time. */
    private static final String ANY_NAME = "x";

    /** Fails fast, before any sync, when the manager is unknown, out of scope, or the prefix outside its allow-list. */
    void check(SecretResolver resolver, ResolutionContext context) {
        resolver.checkAccess(manager, prefix + ANY_NAME, context);
    }

    /** Whether {@code path} (as the store listed it) belongs to this source: the space restriction. */
    boolean contains(String path) {
        return path.startsWith(prefix) && path.length() > prefix.length();
    }

    @Override
    public String toString() {
        return manager + ":" + prefix;
    }
}
