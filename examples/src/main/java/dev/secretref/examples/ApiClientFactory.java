package dev.secretref.examples;

import dev.secretref.SecretManagerException;
import dev.secretref.SecretResolver;
import java.util.Objects;

/**
 * Application code under test in {@link UnitTestingWithInMemoryProvider}: it builds an API client from
 * a configured reference, and degrades clearly when the secret store is down. It takes a
 * {@link SecretResolver}, so a test can hand it one backed by an {@code InMemorySecretProvider}.
 */
public final class ApiClientFactory {
    private final SecretResolver resolver;
    private final String apiKeyReference;

    public ApiClientFactory(SecretResolver resolver, String apiKeyReference) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.apiKeyReference = Objects.requireNonNull(apiKeyReference, "apiKeyReference");
    }

    /** A client for the current key; the key is resolved on each call, so a rotated key is picked up after the cache TTL. */
    public ApiClient create() {
        try {
            return new ApiClient("Bearer " + resolver.resolveString(apiKeyReference));
        } catch (SecretManagerException e) {
            throw new IllegalStateException("API key unavailable (" + e.code() + "/" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    /** A client holding its Authorization header. */
    public static final class ApiClient {
        private final String authorization;

        ApiClient(String authorization) {
            this.authorization = authorization;
        }

        public String authorizationHeader() { return authorization; }

        @Override
        public String toString() { return "ApiClient[authorization=██]"; }
    }
}
